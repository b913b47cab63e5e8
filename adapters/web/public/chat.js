// JobBuddy web chat: a thin client over POST /api/chat and the /api/chat/stream push channel.
(() => {
  'use strict';
  const boot = window.JOBBUDDY;
  const store = {
    get: (k, d) => { try { const v = localStorage.getItem('jobbuddy.' + k); return v === null ? d : JSON.parse(v); } catch { return d; } },
    set: (k, v) => { try { localStorage.setItem('jobbuddy.' + k, JSON.stringify(v)); } catch { /* private mode: not remembered */ } },
  };
  const uid = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
  const $ = (id) => document.getElementById(id);
  const log = $('log'), form = $('composer'), input = $('text'), status = $('status');

  let user = store.get('user', null);
  let locale = store.get('lang', null) || boot.locale;
  let transcript = store.get('log', []);
  const MAX_KEPT = 200;
  // On a phone, focusing the input pops the keyboard up over the conversation: only focus it where typing is cheap.
  const focusInput = () => { if (matchMedia('(pointer: fine)').matches) input.focus(); };

  function strings() { return boot.strings[locale] || boot.strings[boot.locale]; }
  function applyStrings() {
    const s = strings();
    document.documentElement.lang = locale;
    document.title = s.title;
    document.querySelector('h1').textContent = s.heading;
    document.querySelector('.subtitle').textContent = s.subtitle;
    input.placeholder = s.placeholder;
    document.querySelector('label[for=text]').textContent = s.inputLabel;
    $('send').textContent = s.send;
    $('new-chat').textContent = s.newChat;
  }

  function showStatus(text) { status.textContent = text || ''; status.hidden = !text; }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderButtons(buttons) {
    const row = el('div', 'buttons');
    for (const b of buttons || []) {
      if (b.url) {
        const a = el('a', 'button', b.label);
        a.href = b.url; a.target = '_blank'; a.rel = 'noopener noreferrer';
        row.append(a);
      } else {
        const btn = el('button', 'button', b.label);
        btn.type = 'button';
        btn.addEventListener('click', () => press(b));
        row.append(btn);
      }
    }
    return row;
  }

  function renderBot(m) {
    const wrap = el('div', 'msg bot');
    if (m.text) wrap.append(el('p', 'text', m.text));
    if (m.cards && m.cards.length) {
      const list = el('div', 'cards');
      for (const c of m.cards) {
        const card = el('article', 'card');
        card.append(el('h2', 'card-title', c.title));
        for (const line of c.lines || []) card.append(el('p', 'card-line', line));
        card.append(renderButtons(c.buttons));
        list.append(card);
      }
      wrap.append(list);
    }
    if (m.location) {
      const a = el('a', 'button', '📍 ' + m.location.title);
      a.href = `https://www.openstreetmap.org/?mlat=${m.location.lat}&mlon=${m.location.lon}#map=16/${m.location.lat}/${m.location.lon}`;
      a.target = '_blank'; a.rel = 'noopener noreferrer';
      wrap.append(a);
    }
    if (m.file) {
      const a = el('a', 'button', '⬇ ' + m.file.name);
      a.href = m.file.url; a.download = m.file.name;
      wrap.append(a);
    }
    if (m.buttons && m.buttons.length) wrap.append(renderButtons(m.buttons));
    return wrap;
  }

  // Who said it, for screen readers; the bubbles' sides say it to the eye.
  function speaker(node, who) {
    node.prepend(el('span', 'visually-hidden', strings()[who] + ': '));
    return node;
  }

  function append(entry, remember = true) {
    const node = entry.from === 'user' ? speaker(el('div', 'msg user', entry.text), 'you') : speaker(renderBot(entry.msg), 'bot');
    log.append(node);
    if (remember) {
      // A reply taller than the view is shown from its start; otherwise the newest line sits at the bottom.
      const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
      node.scrollIntoView({ block: node.offsetHeight > log.clientHeight ? 'start' : 'end', behavior: smooth ? 'smooth' : 'auto' });
      transcript.push(entry);
      transcript = transcript.slice(-MAX_KEPT);
      store.set('log', transcript);
    }
  }

  // Messages go out one at a time, so the bot reads them in the order they were typed.
  let queue = Promise.resolve(true);
  function send(payload, shown) {
    if (shown) append({ from: 'user', text: shown });
    const body = { user, locale, id: uid(), ...payload };
    queue = queue.then(() => post(body)).catch(() => false); // one failure must not stop the messages after it
    return queue;
  }

  async function post(body) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await fetch('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (res.status >= 400 && res.status < 500) {
          const err = await res.json().catch(() => ({}));
          showStatus(err.error || strings().sendFailed);
          return false;
        }
        if (!res.ok) throw new Error(String(res.status));
        const data = await res.json();
        showStatus('');
        for (const m of data.messages || []) append({ from: 'bot', msg: m });
        return true;
      } catch {
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
    showStatus(strings().sendFailed);
    return false;
  }

  function press(b) {
    if (b.request === 'location') {
      if (!navigator.geolocation) return showStatus(strings().locationDenied);
      navigator.geolocation.getCurrentPosition(
        (p) => send({ location: { lat: p.coords.latitude, lon: p.coords.longitude } }, '📍 ' + b.label),
        () => showStatus(strings().locationDenied),
      );
      return;
    }
    const lang = /^lang:(.+)$/.exec(b.action || '');
    if (lang && boot.strings[lang[1]]) { locale = lang[1]; store.set('lang', locale); applyStrings(); }
    send({ action: b.action }, b.label).then(focusInput);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    fit();
    const ok = await send({ text }, text);
    if (!ok && !input.value) { input.value = text; fit(); }
    focusInput();
  });
  // The input grows with what is typed, up to its max-height.
  function fit() { input.style.height = 'auto'; input.style.height = input.scrollHeight + 2 + 'px'; }
  input.addEventListener('input', fit);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  $('new-chat').addEventListener('click', () => {
    transcript = []; store.set('log', transcript);
    user = uid(); store.set('user', user);
    log.replaceChildren();
    listen();
    send({ text: '/start' });
  });

  let es = null, pollTimer = null;
  function listen() {
    if (!window.EventSource) { if (!pollTimer) pollTimer = setInterval(poll, 5000); return; }
    if (es) es.close(); // a new chat is a new user: their pushes come on their own stream
    es = new EventSource('/api/chat/stream?user=' + encodeURIComponent(user));
    es.onmessage = (e) => {
      showStatus('');
      try { for (const m of JSON.parse(e.data).messages || []) append({ from: 'bot', msg: m }); } catch { /* ignore a torn frame */ }
    };
    es.onerror = () => showStatus(strings().reconnecting);
    es.onopen = () => showStatus('');
  }
  async function poll() {
    try {
      const r = await fetch('/api/chat/inbox?user=' + encodeURIComponent(user));
      for (const m of (await r.json()).messages || []) append({ from: 'bot', msg: m });
    } catch { /* next time */ }
  }

  applyStrings();
  const firstVisit = !user;
  if (!user) { user = uid(); store.set('user', user); }
  for (const entry of transcript) append(entry, false);
  log.scrollTop = log.scrollHeight;
  listen();
  if (firstVisit || transcript.length === 0) send({ text: '/start' });
  focusInput();
})();
