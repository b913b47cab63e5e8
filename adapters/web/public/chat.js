// JobBuddy web chat: a thin client over POST /api/chat and the /api/chat/stream push channel.
// Who this browser is lives in an HttpOnly cookie minted by POST /api/chat/session: this script never sees it.
(() => {
  // A JSON data block, not a script: the Content-Security-Policy runs no inline script.
  const boot = JSON.parse(document.getElementById('boot').textContent);
  const key = (k) => `jobbuddy.${k}`;
  const store = {
    get: (k, d) => {
      try {
        const v = localStorage.getItem(key(k));
        return v === null ? d : JSON.parse(v);
      } catch {
        return d;
      }
    },
    set: (k, v) => {
      try {
        localStorage.setItem(key(k), JSON.stringify(v));
      } catch {
        /* private mode: not kept */
      }
    },
    remove: (k) => {
      try {
        localStorage.removeItem(key(k));
      } catch {
        /* nothing kept */
      }
    },
  };
  const uid = () =>
    crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2);
  const $ = (id) => document.getElementById(id);
  const log = $('log'),
    form = $('composer'),
    input = $('text'),
    status = $('status');

  store.remove('user'); // an id this page once made up itself; the server no longer accepts those
  let locale = store.get('lang', null) || boot.locale;
  // The browser's time zone: fair times show in it until the person shares where they are.
  const timeZone = (() => {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
    } catch {
      return undefined;
    }
  })();
  let transcript = store.get('log', []);
  const MAX_KEPT = 200;
  // On a phone, focusing the input pops the keyboard up over the conversation: only focus it where typing is cheap.
  const focusInput = () => {
    if (matchMedia('(pointer: fine)').matches) input.focus();
  };

  function strings() {
    return boot.strings[locale] || boot.strings[boot.locale];
  }
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

  function showStatus(text) {
    status.textContent = text || '';
    status.hidden = !text;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A double click, or Enter pressed twice, is one press: a message's buttons ignore presses while one of them is
  // on its way and for a moment after its answer.
  const REPRESS_MS = 600;
  const pressing = new WeakSet();
  function renderButtons(buttons) {
    const row = el('div', 'buttons');
    for (const b of buttons || []) {
      if (b.url) {
        const a = el('a', 'button', b.label);
        a.href = b.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        row.append(a);
      } else {
        const btn = el('button', 'button', b.label);
        btn.type = 'button';
        btn.addEventListener('click', async () => {
          const msg = btn.closest('.msg') || row;
          if (pressing.has(msg)) return;
          pressing.add(msg);
          try {
            await press(b);
          } finally {
            setTimeout(() => pressing.delete(msg), REPRESS_MS);
          }
        });
        row.append(btn);
      }
    }
    return row;
  }

  function renderBot(m) {
    const wrap = el('div', 'msg bot');
    // A place is shown once, as its link and address; its text only repeats them for clients without maps.
    if (m.text && !m.location) wrap.append(el('p', 'text', m.text));
    if (m.cards?.length) {
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
      const a = el('a', 'button', `📍 ${m.location.title}`);
      const { lat, lon } = m.location;
      a.href = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      wrap.append(a);
      if (m.location.address) wrap.append(el('p', 'text', m.location.address));
    }
    if (m.image) {
      const img = el('img', 'qr');
      img.src = m.image.url;
      img.alt = m.image.alt;
      img.width = 240;
      img.height = 240;
      wrap.append(img);
    }
    if (m.file) {
      const a = el('a', 'button', `⬇ ${m.file.name}`);
      a.href = m.file.url;
      a.download = m.file.name;
      wrap.append(a);
    }
    if (m.buttons?.length) wrap.append(renderButtons(m.buttons));
    return wrap;
  }

  // Who said it, for screen readers; the bubbles' sides say it to the eye.
  function speaker(node, who) {
    node.prepend(el('span', 'visually-hidden', `${strings()[who]}: `));
    return node;
  }

  function append(entry, remember = true) {
    const node =
      entry.from === 'user' ? speaker(el('div', 'msg user', entry.text), 'you') : speaker(renderBot(entry.msg), 'bot');
    log.append(node);
    if (remember) {
      // A reply taller than the view is shown from its start; otherwise the newest line sits at the bottom.
      const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
      const block = node.offsetHeight > log.clientHeight ? 'start' : 'end';
      node.scrollIntoView({ block, behavior: smooth ? 'smooth' : 'auto' });
      transcript.push(entry);
      transcript = transcript.slice(-MAX_KEPT);
      store.set('log', transcript);
    }
    return node;
  }

  // Messages go out one at a time, so the bot reads them in the order they were typed.
  let queue = Promise.resolve(true);
  function enqueue(step) {
    // One failure must not stop the messages after it.
    queue = queue.then(step).catch(() => {
      showStatus(strings().sendFailed);
      return false;
    });
    return queue;
  }
  // Messages that did not reach the server, oldest first, marked as not sent. When the connection is back each goes
  // once more with the same id (the server answers a repeated id once); later ones wait behind, so the order holds.
  const held = [];
  /** Sends a message: resolves to 'sent', 'held' (it goes again when the connection is back) or 'refused'. */
  function send(payload, shown) {
    const node = shown ? append({ from: 'user', text: shown }) : null;
    const item = { body: { locale, timeZone, id: uid(), ...payload }, node };
    return enqueue(() => deliver(item));
  }
  async function deliver(item) {
    const result = held.length ? 'held' : await post(item.body);
    if (result !== 'held') return result;
    held.push(item);
    if (item.node) item.node.classList.add('failed');
    showStatus(strings().sendFailed);
    return result;
  }
  function resend() {
    for (const item of held.splice(0)) {
      if (item.node) item.node.classList.remove('failed');
      enqueue(() => deliver(item));
    }
  }

  // This browser forgets its conversation and gets a new identity; the old one's profile stays on the server
  // (until it is erased) but is no longer reachable from here.
  async function fresh() {
    held.length = 0; // the old identity's unsent messages are not the new one's
    transcript = [];
    store.remove('log');
    log.replaceChildren();
    const res = await fetch('/api/chat/session', { method: 'POST' });
    if (!res.ok) throw new Error(String(res.status));
    listen(); // the new user's pushes come on their own stream
  }
  // A shared link (/?start=job_12) opens what it points to, after the welcome for a newcomer.
  const link = new URLSearchParams(location.search).get('start');
  const deepLink = link && /^[A-Za-z0-9_-]{1,64}$/.test(link) ? link : '';
  if (link !== null) history.replaceState(null, '', location.pathname);
  const start = (args = '') =>
    enqueue(async () => {
      await fresh();
      return deliver({ body: { locale, timeZone, id: uid(), text: args ? `/start ${args}` : '/start' } });
    });
  // The server no longer knows this browser (its cookie was cleared or expired): start over, once, never in a loop.
  let recovered = false;
  function recover() {
    if (recovered) {
      showStatus(strings().sendFailed);
      return;
    }
    recovered = true;
    start(); // queued behind whatever is running now, never awaited from inside the queue
  }

  // POST /api/chat, retried while the network or the server fails; null when it never got through.
  async function request(body) {
    for (let attempt = 0; attempt < 3 && navigator.onLine !== false; attempt++) {
      try {
        const res = await fetch('/api/chat', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status < 500) return res;
      } catch {
        /* offline for a moment */
      }
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
    return null;
  }

  async function post(body) {
    const res = await request(body);
    if (!res) return 'held';
    if (res.status === 401) {
      recover();
      return 'refused';
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      showStatus(data.error || strings().sendFailed);
      return 'refused';
    }
    showStatus('');
    // "delete my data" is done: nothing of it stays in this browser; its confirmation is shown, not kept.
    if (data.erased) await fresh();
    for (const m of data.messages || []) append({ from: 'bot', msg: m }, !data.erased);
    return 'sent';
  }

  function press(b) {
    if (b.request === 'location') {
      if (!navigator.geolocation) return showStatus(strings().locationDenied);
      navigator.geolocation.getCurrentPosition(
        // The bubble shows what was sent, the place; the button's label has its own 📍.
        (p) =>
          send(
            { location: { lat: p.coords.latitude, lon: p.coords.longitude } },
            `📍 ${p.coords.latitude.toFixed(4)}, ${p.coords.longitude.toFixed(4)}`,
          ),
        () => showStatus(strings().locationDenied),
      );
      return;
    }
    const lang = /^lang:(.+)$/.exec(b.action || '');
    if (lang && boot.strings[lang[1]]) {
      locale = lang[1];
      store.set('lang', locale);
      applyStrings();
    }
    return send({ action: b.action }, b.label).then(focusInput);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    fit();
    // Refused (not merely offline: that one is kept and goes again by itself): back in the input to send again.
    if ((await send({ text }, text)) === 'refused' && !input.value) {
      input.value = text;
      fit();
    }
    focusInput();
  });
  // The input grows with what is typed, up to its max-height.
  function fit() {
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight + 2}px`;
  }
  input.addEventListener('input', fit);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  // Tab from the input goes first to the newest message's buttons, then on to Send, rather than to Send and then
  // through the whole conversation from its oldest message; Shift+Tab walks the same detour back. Elsewhere Tab
  // keeps the page's order, so everything stays reachable.
  function newestControls() {
    const bots = log.querySelectorAll('.msg.bot');
    for (let i = bots.length - 1; i >= 0; i--) {
      const controls = bots[i].querySelectorAll('button, a[href]');
      if (controls.length) return [...controls];
    }
    return [];
  }
  let detour = false; // focus is among the newest buttons, brought there from the input or Send
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
    const controls = newestControls(),
      at = document.activeElement,
      send = $('send');
    if (!controls.length) return;
    const [first, last] = [controls[0], controls[controls.length - 1]];
    let to = null;
    if (!e.shiftKey && at === input) to = first;
    else if (e.shiftKey && at === send) to = last;
    else if (detour && !e.shiftKey && at === last) to = send;
    else if (detour && e.shiftKey && at === first) to = input;
    if (!to) return;
    e.preventDefault();
    to.focus();
    detour = to === first || to === last;
  });
  document.addEventListener('focusin', (e) => {
    if (!newestControls().includes(e.target)) detour = false;
  });
  $('new-chat').addEventListener('click', () => {
    if (window.confirm(strings().newChatConfirm)) start();
  });

  let es = null,
    pollTimer = null;
  function listen() {
    if (es) es.close();
    clearInterval(pollTimer);
    pollTimer = null;
    if (!window.EventSource) {
      pollTimer = setInterval(poll, 5000);
      return;
    }
    es = new EventSource('/api/chat/stream'); // the cookie says whose pushes
    es.onmessage = (e) => {
      showStatus('');
      try {
        for (const m of JSON.parse(e.data).messages || []) append({ from: 'bot', msg: m });
      } catch {
        /* ignore a torn frame */
      }
    };
    es.onerror = () => {
      showStatus(strings().reconnecting);
      // The browser retries a dropped stream by itself, but not one the server refused (401, 503): poll instead.
      if (es.readyState === EventSource.CLOSED && !pollTimer) pollTimer = setInterval(poll, 5000);
    };
    es.onopen = () => {
      showStatus(held.length ? strings().sendFailed : '');
      resend();
    };
  }
  // The connection is back: what was not sent goes now.
  window.addEventListener('online', resend);
  async function poll() {
    try {
      const r = await fetch('/api/chat/inbox');
      if (r.status === 401) return recover();
      if (!r.ok) return;
      for (const m of (await r.json()).messages || []) append({ from: 'bot', msg: m });
      resend();
      if (es && es.readyState === EventSource.CLOSED) listen(); // the server is back: live pushes again
    } catch {
      /* next time */
    }
  }

  applyStrings();
  for (const entry of transcript) append(entry, false);
  log.scrollTop = log.scrollHeight;
  // Nothing kept here: a first visit, or after "delete my data" or cleared storage.
  if (transcript.length) {
    listen();
    if (deepLink) enqueue(() => deliver({ body: { locale, timeZone, id: uid(), text: `/start ${deepLink}` } }));
  } else start(deepLink);
  focusInput();
})();
