/* Jejaring live room: one Socket.IO connection, the database as the source of truth.
 * Messages carry ids; after any reconnect (or while delivery is degraded) the
 * client asks for everything after the last id it saw, so nothing is lost.
 * That id (syncedId) is the last one with no gap before it: while degraded a
 * live event comes from this server process only, so it does not move
 * syncedId past messages of other processes that never arrived; on going
 * degraded it steps back to where it stood 5 s earlier, for messages lost
 * before the server noticed. */
(function () {
  "use strict";
  var root = document.getElementById("room");
  if (!root || typeof io === "undefined") { return; }
  var sessionId = parseInt(root.dataset.session, 10);
  var me = root.dataset.me;
  var isModerator = root.dataset.moderator === "1";
  var t = function (key, name) { return (root.dataset["t" + key] || key).replace("%(name)s", name || ""); };
  var $ = function (id) { return document.getElementById(id); };
  var list = $("messages"), statusLine = $("status"), typingLine = $("typing");
  var lastId = 0, degraded = false, syncTimer = null, typingTimer = null, lastTyping = 0, ended = false;
  // In the room on this connection: "sync" before the "join" has been answered is refused (not_member).
  var joined = false;
  var syncedId = 0, marks = [];  // marks: [time, syncedId] of the last LOOKBACK ms
  var LOOKBACK = 5000;
  function advance(id) {
    if (id <= syncedId) { return; }
    var now = Date.now();
    marks = marks.filter(function (m) { return now - m[0] < LOOKBACK; });
    marks.push([now, syncedId]);
    syncedId = id;
  }

  Array.prototype.forEach.call(list.children, function (li) {
    var id = parseInt(li.id.slice(1), 10); if (id > lastId) { lastId = id; }
  });
  syncedId = lastId;

  var socket = io({ transports: ["websocket", "polling"] });

  // A form that sends its text as ``event``. The text stays in the box until the room shows it
  // back, so a refused one (muted, slow mode, too long) is still there to send again.
  function composer(formId, inputId, event) {
    var input = $(inputId), sent = null, waiting = false;
    $(formId).addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = input.value.trim();
      if (!body || (waiting && body === sent)) { return; }  // a second Enter while the first is on its way
      sent = body; waiting = true;
      send(event, { body: body });
    });
    return {
      seen: function (item) {
        if (sent === null || item.author !== me || item.body !== sent) { return; }
        if (input.value.trim() === sent) { input.value = ""; }
        sent = null; waiting = false;
      },
      refused: function () { waiting = false; }
    };
  }
  var say = composer("say", "say-body", "message"), ask = composer("ask", "ask-body", "ask");

  function status(text, kind) {
    statusLine.textContent = text || "";
    statusLine.className = "status" + (kind ? " " + kind : "");
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function button(label, onClick, cls) {
    var b = el("button", "link " + (cls || ""), label); b.type = "button"; b.addEventListener("click", onClick); return b;
  }
  function send(event, data) { data.session_id = sessionId; socket.emit(event, data); }

  function clock(iso) {
    // The reader's own zone from their profile (WIB by default), like the server-rendered times.
    try {
      return new Date(iso).toLocaleTimeString(root.dataset.lang || [], { hour: "2-digit", minute: "2-digit", timeZone: root.dataset.tz });
    } catch (e) {
      return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    }
  }
  function renderMessage(m) {
    var li = $("m" + m.id) || el("li");
    li.id = "m" + m.id;
    li.textContent = "";
    li.appendChild(el("strong", "", m.display_name));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", "muted", clock(m.created_at)));
    var body = el("div", "prose");
    if (m.deleted) {
      body.appendChild(el("em", "muted", t("Deleted")));
      if (isModerator && m.body) { body.appendChild(el("div", "trace", m.body)); }
    } else {
      body.innerHTML = m.html; // sanitised on the server (forum/markup.py) before it was stored
    }
    li.appendChild(body);
    if (isModerator && !m.deleted) {
      var tools = el("span", "tools");
      tools.appendChild(button(t("Pin"), function () { send("pin", { message_id: m.id }); }));
      tools.appendChild(button(t("Delete"), function () { send("delete", { message_id: m.id }); }));
      li.appendChild(tools);
    }
    if (!li.parentNode) { list.appendChild(li); }
    if (m.id > lastId) { lastId = m.id; }
  }
  function addMessages(messages, replace, live) {
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    if (replace) { list.textContent = ""; lastId = 0; syncedId = 0; marks = []; }
    messages.forEach(renderMessage);
    if (!live || !degraded) { messages.forEach(function (m) { advance(m.id); }); }
    if (atBottom || replace) { list.scrollTop = list.scrollHeight; }
  }
  function renderPinned(m) {
    var box = $("pinned");
    box.textContent = "";
    if (!m) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(el("strong", "", "📌 " + m.display_name + ": "));
    var body = el("span"); body.innerHTML = m.html; box.appendChild(body);
    if (isModerator) { box.appendChild(button("✕", function () { send("pin", { message_id: null }); })); }
  }
  var questions = {};
  function renderQuestions() {
    var ol = $("questions"); ol.textContent = "";
    Object.keys(questions).map(function (k) { return questions[k]; }).sort(function (a, b) {
      return (a.answered - b.answered) || (b.votes - a.votes) || (a.id - b.id);
    }).forEach(function (q) {
      var li = el("li", q.answered ? "answered" : "");
      li.appendChild(el("span", "votes", "▲ " + q.votes));
      var body = el("span", "prose"); body.innerHTML = q.html; li.appendChild(body);
      li.appendChild(el("span", "muted", " — " + q.display_name));
      if (q.answered) { li.appendChild(el("span", "badge", t("Answered"))); }
      if (!q.answered && q.author !== me) { li.appendChild(button(t("Vote"), function () { send("vote", { question_id: q.id }); })); }
      if (!q.answered && isModerator) { li.appendChild(button(t("Mark"), function () { send("answered", { question_id: q.id }); })); }
      ol.appendChild(li);
    });
  }
  function renderHands(queue) {
    var ol = $("hands"); if (!ol) { return; }
    ol.textContent = "";
    queue.forEach(function (h) {
      var li = el("li", "", h.display_name + " ");
      li.appendChild(button(t("Give"), function () { send("give_floor", { username: h.username }); }));
      ol.appendChild(li);
    });
  }
  var muted = {}, present = [];
  function renderPresence(users) {
    present = users;
    var ul = $("presence"); ul.textContent = "";
    users.forEach(function (u) {
      var li = el("li", "", u.display_name + (muted[u.username] ? " 🔇" : ""));
      if (isModerator && u.username !== me && u.role === "member") {
        li.appendChild(button(muted[u.username] ? t("Unmute") : t("Mute"), function () {
          send("mute", { username: u.username, muted: !muted[u.username] });
        }));
        li.appendChild(button(t("Remove"), function () { send("remove", { username: u.username }); }, "danger"));
      }
      ul.appendChild(li);
    });
  }
  function finish(threadId, why) {
    ended = true;
    status(why || t("Ended"), "info");
    if (threadId) {
      var a = el("a", "", " " + t("Transcript")); a.href = "/t/" + threadId; statusLine.appendChild(a);
    }
    Array.prototype.forEach.call(root.querySelectorAll("textarea, input, button, select"), function (x) { x.disabled = true; });
  }
  function slowMode(seconds) {
    if ($("slow")) { $("slow").value = String(seconds); }
    var note = $("slow-note");
    note.textContent = note.dataset.template.replace("%(n)s", String(seconds));
    note.hidden = !seconds;
  }
  function startSync() {
    if (syncTimer) { return; }
    syncTimer = setInterval(function () { if (joined) { send("sync", { after_id: syncedId }); } }, 3000);
  }
  function stopSync() { clearInterval(syncTimer); syncTimer = null; }

  socket.on("connect", function () {
    if (ended) { return; }
    if (!degraded) { status(""); }
    send("join", syncedId ? { after_id: syncedId } : {});
  });
  socket.on("disconnect", function () { joined = false; if (!ended) { status(t("Reconnecting"), "warn"); } });
  socket.on("connect_error", function () { if (!ended) { status(t("Reconnecting"), "warn"); } });
  socket.on("status", function (s) {
    var was = degraded;
    degraded = !!s.degraded;
    if (degraded && !was) {
      var now = Date.now();
      marks.forEach(function (m) { if (now - m[0] < LOOKBACK && m[1] < syncedId) { syncedId = m[1]; } });
    }
    if (degraded) { status(t("Degraded"), "warn"); startSync(); }
    else if (was) { stopSync(); if (joined) { send("sync", { after_id: syncedId }); } status(""); }
  });
  socket.on("history", function (h) {
    if (h.session_id !== sessionId) { return; }
    joined = true;
    addMessages(h.messages, !h.catch_up);
    h.messages.forEach(say.seen);
    if ("pinned" in h) { renderPinned(h.pinned); }
    if (h.questions) { h.questions.forEach(function (q) { questions[q.id] = q; }); renderQuestions(); }
    if (h.hands) { renderHands(h.hands); }
    if (h.slow_mode !== undefined) { slowMode(h.slow_mode); }
    if (h.muted) {
      muted = {}; h.muted.forEach(function (name) { muted[name] = true; }); renderPresence(present);
      if (muted[me]) { status(t("Muted"), "warn"); }
    }
  });
  socket.on("message", function (m) { if (m.session_id === sessionId) { addMessages([m], false, true); say.seen(m); } });
  socket.on("deleted", function (d) {
    var li = $("m" + d.id);
    if (li) { var body = li.querySelector(".prose"); body.textContent = ""; body.appendChild(el("em", "muted", t("Deleted"))); var tools = li.querySelector(".tools"); if (tools) { tools.remove(); } }
  });
  socket.on("pinned", function (p) { renderPinned(p.message); });
  var presenceAsOf = 0;
  socket.on("presence", function (p) {
    // Snapshots from several processes can arrive out of order: keep the newest.
    if (p.session_id !== sessionId || p.as_of < presenceAsOf) { return; }
    presenceAsOf = p.as_of; renderPresence(p.users);
  });
  socket.on("typing", function (p) {
    typingLine.textContent = t("Typing", p.user);
    clearTimeout(typingTimer); typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 3000);
  });
  socket.on("hands", function (h) { renderHands(h.queue); });
  socket.on("floor", function (f) { status(t("Floor", f.display_name), "info"); if (f.username === me) { $("hand").setAttribute("aria-pressed", "false"); } });
  socket.on("question", function (q) { questions[q.id] = q; renderQuestions(); ask.seen(q); });
  socket.on("slow_mode", function (s) { slowMode(s.seconds); });
  socket.on("muted", function (m) {
    muted[m.username] = m.muted;
    renderPresence(present);
    if (m.username === me) { status(m.muted ? t("Muted") : "", "warn"); }
  });
  socket.on("removed", function (r) { if (r.username === me) { finish(null, t("Removed")); } });
  socket.on("ended", function (e) { finish(e.transcript_thread_id); socket.disconnect(); });
  socket.on("error", function (e) { say.refused(); ask.refused(); status(e.message || e.code, "error"); });

  var box = $("say-body");
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("say").requestSubmit(); return; }
    var now = Date.now();
    if (now - lastTyping > 2000) { lastTyping = now; send("typing", {}); }
  });
  $("hand").addEventListener("click", function () {
    var raised = this.getAttribute("aria-pressed") !== "true";
    this.setAttribute("aria-pressed", String(raised));
    send("raise_hand", { raised: raised });
  });
  if ($("slow")) { $("slow").addEventListener("change", function () { send("slow_mode", { seconds: parseInt(this.value, 10) }); }); }
}());
