/**
 * The desk's support page with its chat widget: a launcher button, a pre-chat form (name, e-mail), the message
 * log and a composer. The widget talks to the desk over a WebSocket at /web-chat/socket; `?scenario=` on the page
 * URL is passed on. Markup a probe can rely on:
 *
 *   button#desk-chat-launcher                     opens the widget
 *   form#desk-prechat input[name=name|email]      the pre-chat form, submitted by button[type=submit]
 *   ol#desk-chat-log > li.chat-msg                one message; data-role = customer | bot | agent | notice
 *     span.chat-msg__author, p.chat-msg__text     sender name and text
 *     button.chat-option                          quick replies (disabled once one is chosen)
 *   ol#desk-chat-log > li.chat-typing             "Kai is typing…" while the bot prepares a reply
 *   form#desk-composer textarea#desk-chat-input   the composer; Enter or button.chat-send sends
 */
export const WEB_CHAT_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Demo Desk Ltd: help and support</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f5f7fa; }
  main { max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }
  .launcher { position: fixed; right: 1.5rem; bottom: 1.5rem; padding: .8rem 1.2rem; border: 0; border-radius: 2rem; background: #2456d3; color: #fff; font-weight: 600; cursor: pointer; }
  .desk-chat { position: fixed; right: 1.5rem; bottom: 5rem; width: 22rem; max-height: 34rem; display: flex; flex-direction: column; background: #fff; border-radius: .8rem; box-shadow: 0 .5rem 2rem #0003; overflow: hidden; }
  .desk-chat[hidden], form[hidden] { display: none; }
  .desk-chat header { background: #2456d3; color: #fff; padding: .6rem 1rem; font-weight: 600; }
  .prechat { display: grid; gap: .5rem; padding: 1rem; }
  .chat-log { list-style: none; margin: 0; padding: .8rem; overflow-y: auto; flex: 1; display: flex; flex-direction: column; gap: .5rem; }
  .chat-msg { max-width: 85%; padding: .4rem .7rem; border-radius: .7rem; background: #eef1f6; }
  .chat-msg[data-role=customer] { align-self: flex-end; background: #2456d3; color: #fff; }
  .chat-msg[data-role=agent] { background: #e3f5e8; }
  .chat-msg[data-role=notice] { align-self: center; background: none; color: #6b7280; font-size: .85rem; }
  .chat-msg__author { display: block; font-size: .75rem; font-weight: 600; opacity: .75; }
  .chat-msg__text { margin: 0; }
  .chat-options { display: flex; flex-wrap: wrap; gap: .3rem; margin-top: .4rem; }
  .chat-option { border: 1px solid #2456d3; background: #fff; color: #2456d3; border-radius: 1rem; padding: .15rem .6rem; cursor: pointer; }
  .chat-option:disabled { opacity: .5; cursor: default; }
  .chat-typing { color: #6b7280; font-style: italic; font-size: .85rem; }
  .composer { display: flex; gap: .4rem; padding: .6rem; border-top: 1px solid #e5e7eb; }
  .composer textarea { flex: 1; resize: none; font: inherit; }
</style>
</head>
<body>
<main>
  <h1>Help and support</h1>
  <p>Talk to us any time: <strong>24/7 live chat with a real person.</strong></p>
  <p>Or write to support@demo.kept.invalid.</p>
</main>
<button id="desk-chat-launcher" class="launcher" type="button" aria-controls="desk-chat">Chat with us</button>
<aside id="desk-chat" class="desk-chat" hidden aria-label="Support chat">
  <header>Support chat</header>
  <form id="desk-prechat" class="prechat">
    <label>Your name <input name="name" autocomplete="name" required></label>
    <label>E-mail <input name="email" type="email" autocomplete="email" required></label>
    <button type="submit">Start chat</button>
  </form>
  <ol id="desk-chat-log" class="chat-log" aria-live="polite"></ol>
  <form id="desk-composer" class="composer" hidden>
    <textarea id="desk-chat-input" rows="2" placeholder="Type your message" aria-label="Message"></textarea>
    <button type="submit" class="chat-send">Send</button>
  </form>
</aside>
<script>
(() => {
  const $ = (id) => document.getElementById(id);
  const panel = $('desk-chat'), prechat = $('desk-prechat'), log = $('desk-chat-log'), composer = $('desk-composer'), input = $('desk-chat-input');
  const scenario = new URLSearchParams(location.search).get('scenario') || 'normal';
  let socket, typing;
  $('desk-chat-launcher').addEventListener('click', () => { panel.hidden = !panel.hidden; });
  const scroll = () => { log.scrollTop = log.scrollHeight; };
  const add = (role, author, text, options) => {
    const li = document.createElement('li');
    li.className = 'chat-msg';
    li.dataset.role = role;
    if (author) { const a = document.createElement('span'); a.className = 'chat-msg__author'; a.textContent = author; li.append(a); }
    const p = document.createElement('p'); p.className = 'chat-msg__text'; p.textContent = text; li.append(p);
    if (options && options.length) {
      const box = document.createElement('div'); box.className = 'chat-options';
      for (const label of options) {
        const b = document.createElement('button'); b.type = 'button'; b.className = 'chat-option'; b.textContent = label;
        b.addEventListener('click', () => { box.querySelectorAll('button').forEach((o) => { o.disabled = true; }); say(label); });
        box.append(b);
      }
      li.append(box);
    }
    log.insertBefore(li, typing && typing.parentNode ? typing : null);
    scroll();
  };
  const setTyping = (on, name) => {
    if (on && !typing) { typing = document.createElement('li'); typing.className = 'chat-typing'; typing.textContent = name.split(' ')[0] + ' is typing…'; log.append(typing); scroll(); }
    if (!on && typing) { typing.remove(); typing = undefined; }
  };
  const say = (text) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'message', text }));
    add('customer', '', text);
  };
  prechat.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = prechat.elements.name.value.trim();
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/web-chat/socket?scenario=' + encodeURIComponent(scenario) + '&name=' + encodeURIComponent(name);
    socket = new WebSocket(url);
    socket.addEventListener('open', () => { prechat.hidden = true; composer.hidden = false; input.focus(); });
    socket.addEventListener('message', (event) => {
      const m = JSON.parse(event.data);
      if (m.type === 'typing') setTyping(m.on, m.name);
      else if (m.type === 'message') add(m.role, m.name, m.text, m.options);
      else if (m.type === 'closed') { setTyping(false); add('notice', '', m.text); composer.hidden = true; }
    });
    socket.addEventListener('close', () => { composer.querySelector('button').disabled = true; });
  });
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    say(text);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); composer.requestSubmit(); }
  });
})();
</script>
</body>
</html>
`;
