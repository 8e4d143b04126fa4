/* The desk's "Kết quả thi" (desk/exams/*.html, gateway/desk/exams.py).

   The import form sends the chosen file as the body of one XMLHttpRequest (Desk.upload, for
   upload.onprogress) to its data-upload-url, with the exam's id, name, year and publication time
   in the query; the desk streams it on to the exams service, which answers 202 with the job once
   the file is on its disk. The page then opens the job's page, whose script polls the job (its
   JSON at data-job-url) and shows the rows read so far, reloading once the job has ended to show
   its report. Without JavaScript the job page reloads itself (<noscript> refresh). */
(function () {
  "use strict";

  var STATES = { queued: "Đang chờ", running: "Đang nhập", done: "Hoàn tất", failed: "Thất bại" };
  var XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  var BY_STATUS = {
    400: "Tệp hoặc thông tin kỳ thi không hợp lệ.",
    401: "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.",
    403: "Tài khoản của bạn không có quyền nhập kết quả thi.",
    413: "Tệp quá lớn.",
    415: "Định dạng nén của tệp không được nhận.",
  };
  var POLL_MS = 1000;

  function count(number) {
    return Number(number || 0).toLocaleString("vi-VN");
  }

  function refusal(answer) {
    var error = answer.body && answer.body.error;
    if (error && error.message) {
      return error.message;
    }
    return BY_STATUS[answer.status] || "Máy chủ đang bận hoặc gặp lỗi (mã " + answer.status + "). Vui lòng thử lại.";
  }

  function contentType(file) {
    var name = file.name.toLowerCase();
    if (name.endsWith(".xlsx")) {
      return XLSX;
    }
    return "text/csv"; // a .csv.gz is gzip, which the service tells by its first bytes
  }

  function query(form) {
    var parts = [];
    ["exam", "name", "year", "published_at"].forEach(function (name) {
      var field = form.elements[name];
      var value = field ? field.value.trim() : "";
      if (!value) {
        return;
      }
      if (name === "published_at") {
        // <input type=datetime-local> gives "2026-07-16T08:00": the officer means Vietnam time.
        value = (value.length === 16 ? value + ":00" : value) + "+07:00";
      }
      parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
    });
    return parts.join("&");
  }

  function setupImport(form) {
    var button = form.querySelector('button[type="submit"]');
    var box = form.querySelector(".exam-upload");
    var bar = form.querySelector(".exam-upload-bar");
    var status = form.querySelector(".exam-upload-status");
    button.disabled = false;

    function say(text, alarm) {
      box.hidden = false;
      status.textContent = text;
      status.setAttribute("role", alarm ? "alert" : "status");
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var exam = form.elements.exam;
      var file = form.elements.file.files[0];
      if (!exam.value.trim()) {
        say("Hãy nhập mã kỳ thi (ví dụ thpt-2026).", true);
        exam.focus();
        return;
      }
      if (!file) {
        say("Hãy chọn tệp kết quả (CSV, CSV nén .gz hoặc Excel .xlsx).", true);
        form.elements.file.focus();
        return;
      }
      button.disabled = true;
      bar.value = 0;
      say("Đang tải tệp lên… 0%");
      window.Desk.upload(form.getAttribute("data-upload-url") + "?" + query(form), file, {
        headers: { "Content-Type": contentType(file) },
        onprogress: function (loaded, total) {
          var percent = Math.floor((loaded * 100) / (total || file.size || 1));
          bar.value = Math.min(percent, 100);
          say("Đang tải tệp lên… " + Math.min(percent, 100) + "%");
        },
      }).then(
        function (answer) {
          if (answer.status === 202 && answer.body && answer.body.page) {
            bar.value = 100;
            say("Đã tải tệp lên; đang mở lượt nhập điểm…");
            window.location.assign(answer.body.page);
            return;
          }
          button.disabled = false;
          say("Không nhập được: " + refusal(answer), true);
        },
        function (error) {
          button.disabled = false;
          say(error.message + " Vui lòng thử lại.", true);
        }
      );
    });
  }

  function followJob(panel) {
    var url = panel.getAttribute("data-job-url");
    var state = panel.querySelector('[data-field="state"]');
    var rows = panel.querySelector('[data-field="rows"]');

    function poll() {
      window.Desk.fetch(url).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (job) {
        if (!job) {
          window.setTimeout(poll, POLL_MS * 3);
          return;
        }
        state.textContent = STATES[job.state] || job.state;
        state.className = "status job-" + job.state;
        rows.textContent = count(job.rows);
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, POLL_MS);
      }, function () {
        window.setTimeout(poll, POLL_MS * 3);
      });
    }

    window.setTimeout(poll, POLL_MS);
  }

  document.querySelectorAll("form.exam-import-form").forEach(setupImport);
  document.querySelectorAll(".exam-job[data-job-url]").forEach(function (panel) {
    var current = panel.getAttribute("data-state");
    if (current === "queued" || current === "running") {
      followJob(panel);
    }
  });
})();
