/* The desk's photo and video uploads (desk/media/*.html): each file goes in a request of its own
   (XMLHttpRequest through Desk.upload, for upload.onprogress) to the desk URL in data-upload-url,
   which streams it on to the media service; a row per file shows its progress bar and then the
   service's answer, its refusal (type, size, a decompression bomb) in Vietnamese beside the file.

     <div class="upload-zone" data-upload-url="…">  drop files on it, or pick several in its input
     <form class="upload-form" data-upload-url="…"> one file with the form's other fields (video)

   Files go one after the other: a 2-core server spends less on one upload at a time, and the
   first photos are in the album while the last are still on their way. */
(function () {
  "use strict";

  var BY_STATUS = {
    400: "Yêu cầu không hợp lệ.",
    401: "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.",
    403: "Tài khoản của bạn không có quyền tải tệp lên.",
    404: "Không tìm thấy album hoặc video (có thể vừa bị xóa).",
    413: "Tệp quá lớn.",
    415: "Định dạng tệp không được nhận.",
    422: "Tệp bị hỏng hoặc ảnh quá nhiều điểm ảnh.",
    429: "Tải lên quá nhiều trong thời gian ngắn. Vui lòng đợi một lát rồi thử lại.",
  };

  function refusal(answer) {
    var error = answer.body && answer.body.error;
    if (error && error.message) {
      return error.message;
    }
    return BY_STATUS[answer.status] || "Máy chủ đang bận hoặc gặp lỗi (mã " + answer.status + "). Vui lòng thử lại.";
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB";
  }

  function row(list, file) {
    var item = document.createElement("li");
    item.className = "upload-item";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name + " (" + megabytes(file.size) + ")";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Tiến trình tải lên " + file.name);
    var status = document.createElement("span");
    status.className = "upload-status";
    status.textContent = "Đang chờ…";
    item.appendChild(name);
    item.appendChild(bar);
    item.appendChild(status);
    list.appendChild(item);
    return { item: item, bar: bar, status: status };
  }

  function send(url, body, shown) {
    shown.status.textContent = "Đang tải lên… 0%";
    return window.Desk.upload(url, body, {
      onprogress: function (loaded, total) {
        if (total) {
          var percent = Math.floor((loaded * 100) / total);
          shown.bar.value = percent;
          shown.status.textContent = "Đang tải lên… " + percent + "%";
        }
      },
    }).then(
      function (answer) {
        var ok = answer.status >= 200 && answer.status < 300;
        shown.bar.value = ok ? 100 : shown.bar.value;
        shown.item.classList.add(ok ? "upload-done" : "upload-refused");
        shown.status.textContent = ok ? "Đã tải lên." : "Không tải lên được: " + refusal(answer);
        if (!ok) {
          shown.status.setAttribute("role", "alert");
        }
        return ok;
      },
      function (error) {
        shown.item.classList.add("upload-refused");
        shown.status.setAttribute("role", "alert");
        shown.status.textContent = "Không tải lên được: " + error.message;
        return false;
      }
    );
  }

  function finish(container, results) {
    var list = container.querySelector(".upload-list");
    var failed = results.filter(function (ok) { return !ok; }).length;
    var summary = document.createElement("p");
    summary.className = "upload-summary";
    summary.setAttribute("role", "status");
    summary.textContent = (results.length - failed) + " tệp đã tải lên" + (failed ? ", " + failed + " tệp không tải lên được." : ".");
    if (results.length - failed > 0) {
      var again = document.createElement("a");
      again.href = window.location.pathname;
      again.className = "button-link";
      again.textContent = "Tải lại trang để xem và nhập mô tả";
      summary.appendChild(document.createTextNode(" "));
      summary.appendChild(again);
    }
    list.parentNode.insertBefore(summary, list.nextSibling);
    container.classList.remove("uploading");
    if (!failed && container.getAttribute("data-reload")) {
      window.setTimeout(function () { window.location.reload(); }, 600);
    }
  }

  function uploadFiles(zone, files) {
    var url = zone.getAttribute("data-upload-url");
    var list = zone.querySelector(".upload-list");
    var rows = files.map(function (file) { return row(list, file); });
    var results = [];
    zone.classList.add("uploading");
    var chain = Promise.resolve();
    files.forEach(function (file, index) {
      chain = chain.then(function () {
        var body = new FormData();
        body.append("file", file, file.name);
        return send(url, body, rows[index]).then(function (ok) { results.push(ok); });
      });
    });
    return chain.then(function () { finish(zone, results); });
  }

  function setUpZone(zone) {
    var input = zone.querySelector(".upload-input");
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      if (files.length) {
        uploadFiles(zone, files).then(function () { input.value = ""; });
      }
    });
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
      var files = Array.prototype.slice.call(event.dataTransfer.files || []);
      if (files.length) {
        uploadFiles(zone, files);
      }
    });
  }

  function setUpForm(form) {
    // Disabled in the page: without this script the upload cannot be sent (see the <noscript>).
    form.querySelector("button[type=submit]").disabled = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      var input = form.querySelector(".upload-input");
      var file = input.files[0];
      var list = form.querySelector(".upload-list");
      var shown = row(list, file);
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      form.classList.add("uploading");
      send(form.getAttribute("data-upload-url"), new FormData(form), shown).then(function (ok) {
        button.disabled = false;
        finish(form, [ok]);
      });
    });
  }

  document.querySelectorAll(".upload-zone").forEach(setUpZone);
  document.querySelectorAll(".upload-form").forEach(setUpForm);
})();
