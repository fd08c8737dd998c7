// The chat window (inside the widget's iframe). No build step, no dependencies.
// Every message the customer writes gets a client id and stays in sessionStorage until the
// server has it: after a dropped connection it is sent again, and the server keeps one copy.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var text = root.dataset;
  var api = text.api;
  var store = (function () {
    // A framed page may be denied storage (third-party storage blocked): then the pending
    // messages live in memory, which still carries them across a dropped connection.
    try {
      window.sessionStorage.getItem("realdesk.chat");
      return window.sessionStorage;
    } catch (e) {
      var memory = {};
      return {
        getItem: function (key) { return key in memory ? memory[key] : null; },
        setItem: function (key, value) { memory[key] = String(value); },
      };
    }
  })();
  var chat = JSON.parse(store.getItem("realdesk.chat") || "null");
  var pending = JSON.parse(store.getItem("realdesk.pending") || "[]");
  var shown = {};
  var last = 0;
  var socket = null;
  var polling = false;
  var lastTyping = 0;
  var searched = null;  // the question the knowledge base was asked about
  var leaveTimer = null;
  var left = false;
  var readSent = 0;  // the last agent message we told the server the customer has read
  var readByAgent = 0;  // the agent has read the customer's messages up to this id
  var typingTimer = null;

  function $(id) { return document.getElementById(id); }
  function save() {
    store.setItem("realdesk.chat", JSON.stringify(chat));
    store.setItem("realdesk.pending", JSON.stringify(pending));
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function newId() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function render(message) {
    if (message.client_id) {
      var draft = document.querySelector('li[data-client="' + message.client_id + '"]');
      if (draft) draft.remove();
      pending = pending.filter(function (p) { return p.client_id !== message.client_id; });
      save();
    }
    if (shown[message.id]) return;
    shown[message.id] = true;
    last = Math.max(last, message.id);
    var files = message.files || [];
    // A file sent alone has its name as its text: the link says it once.
    var body = files.length && message.body === files[0].name ? "" : message.body;
    var item = add(message.from, message.from === "agent" ? message.name : text.you, body, null);
    item.dataset.id = message.id;
    files.forEach(function (file) {
      // Always a download (the server sends it as one too), never opened in the window.
      var link = document.createElement("a");
      link.className = "file";
      link.href = url("/files/" + file.id) + "?token=" + encodeURIComponent(chat.token);
      link.download = file.name;
      link.textContent = file.name;
      item.appendChild(link);
    });
    if (message.from === "agent") { typing(false); read(message.id); }
    else markRead(readByAgent);
  }
  function add(from, name, body, clientId) {
    var item = document.createElement("li");
    item.className = from + (clientId ? " pending" : "");
    if (clientId) item.dataset.client = clientId;
    var who = document.createElement("b");
    who.textContent = name;
    item.appendChild(who);
    item.appendChild(document.createTextNode(body));
    $("messages").appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  // Read state both ways: the customer's window says what it has shown of the agent's
  // answers; the agent's reading marks the customer's own messages "Read".
  function read(id) {
    if (id <= readSent) return;
    readSent = id;
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "read", message_id: id }));
    } else {
      post(url("/read"), { token: chat.token, message_id: id }).catch(function () {});
    }
  }
  function markRead(upTo) {
    readByAgent = Math.max(readByAgent, upTo || 0);
    document.querySelectorAll("#messages li.customer[data-id]").forEach(function (item) {
      if (Number(item.dataset.id) > readByAgent || item.querySelector(".seen")) return;
      var seen = document.createElement("small");
      seen.className = "seen";
      seen.textContent = text.read;
      item.appendChild(seen);
    });
  }
  // The agent typing: shown until their message comes, or a few seconds without a keystroke.
  function typing(on) {
    clearTimeout(typingTimer);
    $("typing").textContent = text.typing;
    $("typing").hidden = !on;
    if (on) typingTimer = setTimeout(function () { $("typing").hidden = true; }, 5000);
  }
  function state(s) {
    if (left) return;  // the question was left with us: the widget says so already
    if (s.status !== "waiting") { clearTimeout(leaveTimer); $("leave").hidden = true; }
    var line = "";
    if (s.status === "waiting") {
      line = s.queue_position <= 1 ? text.next : fill(text.position, { position: s.queue_position });
      if (s.wait_seconds > 0) line += " " + fill(text.wait, { minutes: Math.ceil(s.wait_seconds / 60) });
    } else if (s.status === "active") {
      line = text.joined;
    } else if (s.status === "closed") {
      line = text.ended;
      $("compose").hidden = true;
    }
    $("status").textContent = line;
  }

  function url(path) { return api + "/" + chat.id + path; }
  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  function send(item) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "message", client_id: item.client_id, body: item.body }));
      return;
    }
    post(url("/messages"), { token: chat.token, client_id: item.client_id, body: item.body })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (m) { if (m) render(m); })
      .catch(function () { /* stays pending: sent again on the next connection */ });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var opened = false;
    try {
      socket = new WebSocket(scheme + location.host + "/ws/chat/" + chat.id + "/?token=" + encodeURIComponent(chat.token));
    } catch (e) { socket = null; poll(); return; }
    socket.onopen = function () {
      opened = true;
      socket.send(JSON.stringify({ type: "resume", after: last }));
      pending.forEach(send);
    };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "message") render(data);
      else if (data.type === "state") state(data);
      else if (data.type === "typing" && data.from === "agent") typing(true);
      else if (data.type === "read" && data.from === "agent") markRead(data.message_id);
    };
    socket.onclose = function () {
      socket = null;
      if (left) return;
      if (!opened) { poll(); return; }  // no sockets here: the long poll instead
      setTimeout(connect, 1000);  // a dropped connection: back, and resume from `last`
    };
  }

  function poll() {
    if (polling) return;
    polling = true;
    pending.forEach(send);
    (function next() {
      fetch(url("/messages") + "?token=" + encodeURIComponent(chat.token) + "&after=" + last + "&wait=20")
        .then(function (r) { return r.json(); })
        .then(function (data) {
          (data.messages || []).forEach(render);
          state(data);
          if (data.agent_typing) typing(true);
          markRead(data.read_by_agent);
          pending.forEach(send);
          if (data.status !== "closed") next();
        })
        .catch(function () { setTimeout(next, 2000); });
    })();
  }

  function begin() {
    $("start").hidden = true;
    $("talk").hidden = false;
    pending.forEach(function (p) { add("customer", text.you, p.body, p.client_id); });
    // Past the leave delay of waiting, offer to take the question by email instead.
    var due = (chat.started || Date.now()) + Number(text.leaveAfter) * 1000 - Date.now();
    leaveTimer = setTimeout(function () { $("leave").hidden = false; }, Math.max(0, due));
    connect();
  }

  // Stop waiting: the question left with us (answered by email) or a call back instead.
  // `said` turns the server's answer into the window's last word; a refusal other than
  // `keep` (an agent came meanwhile, the chat ended) just withdraws the offer.
  function stopWaiting(path, body, said, keep) {
    post(url(path), Object.assign({ token: chat.token }, body))
      .then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); })
      .then(function (result) {
        var data = result[1];
        if (!result[0]) {
          if (keep && keep(data)) return;
          $("leave").hidden = true;
          return;
        }
        left = true;
        $("leave").hidden = true;
        $("compose").hidden = true;
        $("status").textContent = said(data);
        if (socket) socket.close();
      })
      .catch(function () { alert(text.failed); });
  }
  $("leave-button").addEventListener("click", function () {
    stopWaiting("/leave", {}, function (data) { return fill(text.left, { when: data.eta }); });
  });
  $("callback").addEventListener("submit", function (event) {
    event.preventDefault();
    $("callback-error").hidden = true;
    stopWaiting(
      "/callback",
      { phone: event.target.phone.value.trim() },
      function (data) { return fill(text.called, { phone: data.phone, when: data.when }); },
      function (data) {  // a number we cannot call: say so, keep what was typed
        if (data.error !== "invalid_phone") return false;
        $("callback-error").hidden = false;
        event.target.phone.focus();
        return true;
      }
    );
  });

  function showAnswers(results, form) {
    var list = $("answer-list");
    list.textContent = "";
    results.forEach(function (result) {
      var link = document.createElement("a");
      link.href = result.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = result.title;
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    $("answers").hidden = false;
    form.querySelector("button[type=submit]").textContent = text.anyway;
  }

  // The question goes to the knowledge base first: up to three articles are offered, and
  // the next click starts the chat anyway (never forced). No answer, or no search: the chat.
  $("start").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var question = form.question.value.trim();
    if (searched === question) { startChat(form); return; }
    searched = question;
    var query = new URLSearchParams({ q: question, limit: 3, language: text.language });
    fetch(text.search + "?" + query.toString())
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        var results = (data.results || []).slice(0, 3);
        if (results.length) showAnswers(results, form); else startChat(form);
      })
      .catch(function () { startChat(form); });
  });

  function startChat(form) {
    var body = { name: form.name.value, email: form.email.value, question: form.question.value };
    // The host site's signed identity, if it gave one (widget.js puts it in the fragment,
    // which no server or log sees).
    var signed = new URLSearchParams(window.location.hash.slice(1));
    if (signed.get("user_id")) {
      body.user_id = signed.get("user_id");
      body.user_hash = signed.get("user_hash") || "";
    }
    post(api, body)
      .then(function (r) { return r.json().then(function (data) { return [r.status, data]; }); })
      .then(function (result) {
        var status = result[0], data = result[1];
        if (status === 201) {
          chat = { id: data.id, token: data.token, started: Date.now() };
          save();
          state({ status: "waiting", queue_position: data.queue_position, wait_seconds: data.wait_seconds });
          begin();
        } else if (data.error === "no_agents") {
          form.hidden = true;
          $("offline").hidden = false;
          $("offline-text").textContent = data.message;
          $("offline-eta").textContent = data.eta;
          $("offline-link").href = data.request_url;
        } else {
          alert(data.message || text.failed);
        }
      })
      .catch(function () { alert(text.failed); });
  }

  $("compose").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = event.target.body;
    var body = box.value.trim();
    if (!body) return;
    var item = { client_id: newId(), body: body };
    pending.push(item);
    save();
    add("customer", text.you, body, item.client_id);
    box.value = "";
    send(item);
  });
  // A file is a message of its own, sent over HTTP (the socket carries text); the limit is
  // checked here first so a file too large is never sent, and again by the server.
  function fileError(message) {
    $("file-error").textContent = message;
    $("file-error").hidden = false;
  }
  $("file").addEventListener("change", function (event) {
    var file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    $("file-error").hidden = true;
    var max = Number(text.maxBytes);
    var tooLarge = fill(text.tooLarge, { name: file.name, mb: Math.floor(max / 1048576) });
    if (file.size > max) { fileError(tooLarge); return; }
    var clientId = newId();
    var draft = add("customer", text.you, file.name, clientId);
    var form = new FormData();
    form.append("token", chat.token);
    form.append("client_id", clientId);
    form.append("file", file);
    fetch(url("/files"), { method: "POST", body: form })
      .then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); })
      .then(function (result) {
        if (result[0]) { render(result[1]); return; }
        draft.remove();
        fileError(result[1].error === "file_too_large" ? tooLarge : result[1].message || text.failed);
      })
      .catch(function () { draft.remove(); fileError(text.failed); });
  });

  $("compose").body.addEventListener("input", function () {
    var now = Date.now();
    if (socket && socket.readyState === WebSocket.OPEN && now - lastTyping > 2000) {
      lastTyping = now;
      socket.send(JSON.stringify({ type: "typing" }));
    }
  });

  if (chat) begin();
})();
