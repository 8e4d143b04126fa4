/* The desk's article editor: TipTap (MIT) on the form's HTML textarea.
 *
 * Progressive enhancement: the page works without this script (the body is a textarea of HTML,
 * posted with the form). With it, the textarea is hidden and kept in step with a TipTap editor
 * whose editing area is labelled "Nội dung" (aria-labelledby the textarea's label), with a
 * toolbar for headings, lists, links, tables and images from the photo library (the public
 * media JSON API), and an autosave of drafts every 30 s when something changed.
 *
 * Works under the portal's CSP (no inline script or style): TipTap's own <style> is not injected
 * (injectCSS: false; desk.css has the few rules), and every style is set through the CSSOM.
 * Built by esbuild (package.json "build") into gateway/static/desk/editor.js; a test rebuilds it
 * from the lock file and compares. */
import { Editor } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";

const AUTOSAVE_MS = 30000;

function el(tag, attributes, text) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
  if (text) node.textContent = text;
  return node;
}

function toolbarButton(label, run, isActive) {
  const button = el("button", { type: "button", class: "tool", "aria-pressed": "false" }, label);
  button.addEventListener("click", (event) => {
    event.preventDefault();
    run();
  });
  button.isActive = isActive;
  return button;
}

function pathOf(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.origin === window.location.origin ? parsed.pathname : url;
  } catch (error) {
    return url;
  }
}

/* The photo library: albums, then one album's images; picking one inserts it with its alt text. */
function photoPicker(editor, status) {
  const dialog = el("dialog", { class: "photo-picker", "aria-labelledby": "chon-anh-tieu-de" });
  const heading = el("h2", { id: "chon-anh-tieu-de" }, "Chọn ảnh từ thư viện");
  const list = el("div", { class: "picker-list" });
  const close = el("button", { type: "button", class: "button-secondary" }, "Đóng");
  close.addEventListener("click", () => dialog.close());
  dialog.append(heading, list, close);
  document.body.append(dialog);

  async function json(url) {
    const answer = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!answer.ok) throw new Error("Không tải được thư viện ảnh.");
    return answer.json();
  }

  function showError(error) {
    list.replaceChildren(el("p", { role: "alert" }, error.message || "Không tải được thư viện ảnh."));
  }

  async function showAlbum(album) {
    const body = await json(`/api/v1/albums/${encodeURIComponent(album.id)}`);
    const back = el("button", { type: "button", class: "button-secondary" }, "← Các album");
    back.addEventListener("click", () => showAlbums().catch(showError));
    const grid = el("ul", { class: "picker-grid" });
    body.images.forEach((image) => {
      const item = el("li");
      const pick = el("button", { type: "button", class: "picker-image" });
      const thumb = el("img", { src: pathOf(image.urls.thumb), alt: "" });
      pick.append(thumb, el("span", {}, image.title || image.alt || "Ảnh"));
      pick.addEventListener("click", () => {
        editor
          .chain()
          .focus()
          .setImage({ src: pathOf(image.urls.large), alt: image.alt || image.title || "" })
          .run();
        dialog.close();
        status("Đã chèn ảnh.");
      });
      item.append(pick);
      grid.append(item);
    });
    list.replaceChildren(back, el("h3", {}, album.title), grid);
  }

  async function showAlbums() {
    const body = await json("/api/v1/albums?per_page=50");
    const items = el("ul", { class: "picker-albums" });
    body.items.forEach((album) => {
      const item = el("li");
      const open = el("button", { type: "button", class: "button-secondary" }, `${album.title} (${album.count} ảnh)`);
      open.addEventListener("click", () => showAlbum(album).catch(showError));
      item.append(open);
      items.append(item);
    });
    list.replaceChildren(body.items.length ? items : el("p", {}, "Thư viện chưa có album nào."));
  }

  return () => {
    list.replaceChildren(el("p", {}, "Đang tải…"));
    dialog.showModal();
    showAlbums().catch(showError);
  };
}

function setUpEditor(form) {
  const textarea = form.querySelector("textarea[data-rich-text]");
  if (!textarea) return;
  const label = form.querySelector(`label[for="${textarea.id}"]`);
  const statusLine = form.querySelector("[data-editor-status]");
  const status = (text, link) => {
    if (!statusLine) return;
    statusLine.textContent = text;
    if (link) {
      statusLine.append(" ", el("a", { href: link, target: "_blank", rel: "noopener" }, "So sánh các phiên bản"));
    }
  };

  const wrapper = el("div", { class: "rich-editor" });
  const toolbar = el("div", { class: "toolbar", role: "toolbar", "aria-label": "Định dạng nội dung" });
  const area = el("div", { class: "rich-area" });
  wrapper.append(toolbar, area);
  textarea.after(wrapper);
  textarea.hidden = true;
  // A hidden required field would stop the form with a message nobody can see; the service
  // says so in Vietnamese when the body is empty.
  textarea.required = false;

  const editor = new Editor({
    element: area,
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, protocols: ["http", "https", "mailto"] },
      }),
      Image,
      TableKit.configure({ table: { resizable: false } }),
    ],
    content: textarea.value,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": label ? label.id : "",
        class: "rich-content",
      },
    },
  });

  let changed = false;
  editor.on("update", () => {
    textarea.value = editor.getHTML();
    changed = true;
    form.dispatchEvent(new CustomEvent("desk:changed"));
  });

  const pickPhoto = photoPicker(editor, status);
  const chain = () => editor.chain().focus();
  const tools = [
    toolbarButton("Đậm", () => chain().toggleBold().run(), () => editor.isActive("bold")),
    toolbarButton("Nghiêng", () => chain().toggleItalic().run(), () => editor.isActive("italic")),
    toolbarButton("Tiêu đề 2", () => chain().toggleHeading({ level: 2 }).run(), () => editor.isActive("heading", { level: 2 })),
    toolbarButton("Tiêu đề 3", () => chain().toggleHeading({ level: 3 }).run(), () => editor.isActive("heading", { level: 3 })),
    toolbarButton("Danh sách", () => chain().toggleBulletList().run(), () => editor.isActive("bulletList")),
    toolbarButton("Danh sách số", () => chain().toggleOrderedList().run(), () => editor.isActive("orderedList")),
    toolbarButton("Trích dẫn", () => chain().toggleBlockquote().run(), () => editor.isActive("blockquote")),
    toolbarButton("Liên kết", () => {
      const current = editor.getAttributes("link").href || "";
      const url = window.prompt("Địa chỉ liên kết (để trống để bỏ liên kết):", current);
      if (url === null) return;
      if (!url.trim()) chain().extendMarkRange("link").unsetLink().run();
      else chain().extendMarkRange("link").setLink({ href: url.trim() }).run();
    }, () => editor.isActive("link")),
    toolbarButton("Chèn bảng", () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()),
    toolbarButton("Thêm hàng", () => chain().addRowAfter().run()),
    toolbarButton("Thêm cột", () => chain().addColumnAfter().run()),
    toolbarButton("Xóa bảng", () => chain().deleteTable().run()),
    toolbarButton("Ảnh từ thư viện", pickPhoto),
    toolbarButton("Hoàn tác", () => chain().undo().run()),
    toolbarButton("Làm lại", () => chain().redo().run()),
  ];
  toolbar.append(...tools);
  const refresh = () =>
    tools.forEach((button) => {
      if (button.isActive) button.setAttribute("aria-pressed", button.isActive() ? "true" : "false");
    });
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);

  form.addEventListener("submit", () => {
    textarea.value = editor.getHTML();
    changed = false;
  });
  ["input", "change"].forEach((name) => form.addEventListener(name, () => (changed = true)));

  setUpAutosave(form, () => changed, () => (changed = false), status);
}

/* Every 30 s, when something changed, a draft is saved without leaving the page. The first one
 * of a new article creates it; the page then carries its address and version. */
function setUpAutosave(form, isChanged, saved, status) {
  const url = form.getAttribute("data-autosave-url");
  if (!url) return;
  const version = form.querySelector('input[name="version"]');
  const slugLine = document.querySelector("[data-slug]");
  const fields = ["title", "category", "summary", "author", "body_html"];

  async function autosave() {
    if (!isChanged()) return;
    const body = {};
    fields.forEach((name) => {
      const field = form.elements.namedItem(name);
      if (field) body[name] = field.value;
    });
    if (!body.title || !body.title.trim() || !body.body_html || !body.body_html.trim()) return;
    body.version = version ? version.value : "";
    saved();
    let answer;
    try {
      answer = await window.Desk.fetch(form.getAttribute("data-autosave-url"), { method: "POST", json: body });
    } catch (error) {
      status("Chưa tự động lưu được (mất kết nối). Sẽ thử lại.");
      return;
    }
    const reply = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      status(reply.error ? reply.error.message : "Chưa tự động lưu được.", reply.error && reply.error.compare_url);
      return;
    }
    if (version) version.value = reply.version;
    if (reply.edit_url && reply.autosave_url) {
      form.setAttribute("action", reply.edit_url);
      form.setAttribute("data-autosave-url", reply.autosave_url);
      window.history.replaceState(null, "", reply.edit_url);
    }
    if (slugLine && reply.slug) slugLine.textContent = reply.public_path;
    status(`Đã tự động lưu lúc ${reply.saved_at}.`);
  }

  window.setInterval(autosave, Number(form.getAttribute("data-autosave-ms")) || AUTOSAVE_MS);
}

document.querySelectorAll("form[data-article-editor]").forEach(setUpEditor);
