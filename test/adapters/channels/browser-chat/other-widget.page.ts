/**
 * The second, differently built chat page (test fixture): a shop page whose help widget lives in an iframe, starts
 * with a topic <select>, a consent checkbox and a name field, sends with Enter (no send button) over fetch POSTs,
 * receives over Server-Sent Events, and rebuilds its whole thread with innerHTML on every event (as framework widgets
 * do), with a typing bubble inside the thread. Senders are told apart only by name ("HelpBot", "… (Support)").
 */
export const HOST_PAGE = String.raw`<!doctype html>
<html><head><meta charset="utf-8"><title>Acme Outfitters</title><link rel="icon" href="data:,">
<style> #acme-help-frame { position: fixed; right: 12px; bottom: 60px; width: 360px; height: 520px; border: 1px solid #999; display: none; }
#acme-help-frame.open { display: block; } </style></head>
<body><h1>Acme Outfitters</h1><p>Boots, tents and friendly help from real people.</p>
<a href="#" class="acme-help-toggle" role="button">Need help?</a>
<iframe id="acme-help-frame" title="Help"></iframe>
<script>
  const frame = document.getElementById('acme-help-frame');
  frame.src = '/widget' + location.search;
  document.querySelector('.acme-help-toggle').addEventListener('click', (e) => { e.preventDefault(); frame.classList.toggle('open'); });
</script></body></html>`;

export const WIDGET_PAGE = String.raw`<!doctype html>
<html><head><meta charset="utf-8"><title>Help</title><link rel="icon" href="data:,">
<style> body { font: 14px sans-serif; margin: 0; } .thread { height: 380px; overflow: auto; padding: 6px; }
.bubble { margin: 4px 0; padding: 4px 8px; border-radius: 8px; background: #eee; } .bubble.me { background: #cde; text-align: right; }
.qr { margin: 2px; } #say { width: 95%; } .start { padding: 8px; display: grid; gap: 6px; } .hidden { display: none; } </style></head>
<body>
<div class="start" id="start">
  <select id="topic"><option value="">Pick a topic…</option><option value="orders">Orders</option><option value="returns">Returns</option></select>
  <label><input type="checkbox" id="consent"> I agree to the chat terms</label>
  <input id="who" placeholder="Your first name">
  <button id="go" type="button">Start chatting</button>
</div>
<div class="thread hidden" role="log"></div>
<input id="say" class="hidden" placeholder="Write here and press Enter" autocomplete="off">
<script>
  const state = { items: [], typing: false, c: null };
  const thread = document.querySelector('.thread'), say = document.getElementById('say');
  const esc = (s) => String(s).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
  const render = () => {
    const html = state.items.map((m, i) => m.mine
      ? '<div class="bubble me"><div class="body">' + esc(m.text) + '</div></div>'
      : '<div class="bubble them"><div class="meta"><b class="who">' + esc(m.name) + '</b> <time>' + new Date(m.at).toISOString().slice(11, 19) + '</time></div>'
        + '<div class="body">' + esc(m.text) + '</div>'
        + (m.quick && i === state.items.length - 1 ? '<div class="quick">' + m.quick.map((q) => '<button class="qr" type="button">' + esc(q) + '</button>').join('') + '</div>' : '')
        + '</div>');
    if (state.typing) html.push('<div class="bubble them typing"><div class="meta"><b class="who">HelpBot</b></div><div class="body">…</div></div>');
    thread.innerHTML = html.join('');
    thread.scrollTop = thread.scrollHeight;
  };
  const post = (path, body) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const send = (text) => { post('/say', { c: state.c, text }); state.items.push({ mine: true, text }); render(); };
  thread.addEventListener('click', (e) => { if (e.target.classList.contains('qr')) send(e.target.textContent); });
  say.addEventListener('keydown', (e) => { if (e.key === 'Enter' && say.value.trim() !== '') { send(say.value.trim()); say.value = ''; } });
  document.getElementById('go').addEventListener('click', async () => {
    const topic = document.getElementById('topic').value, name = document.getElementById('who').value;
    if (!document.getElementById('consent').checked || topic === '' || name === '') { console.error('pre-chat form incomplete'); return; }
    const { c } = await post('/start', { name, topic, mode: new URLSearchParams(location.search).get('mode') || 'normal' });
    state.c = c;
    const events = new EventSource('/events?c=' + encodeURIComponent(c));
    events.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.kind === 'typing') state.typing = m.on; else { state.typing = false; state.items.push(m); }
      render();
    };
    events.onopen = () => { document.getElementById('start').classList.add('hidden'); thread.classList.remove('hidden'); say.classList.remove('hidden'); say.focus(); };
  });
</script></body></html>`;
