// The day chips stick to the top of the chat only while it scrolls (to say which day is passing by); at rest each
// stands in its place, so that a stuck chip never covers the text of the message under it.
const messages = document.getElementById('messages');
let resting;

messages.addEventListener('scroll', () => {
  if (!resting) messages.classList.add('scrolling');
  clearTimeout(resting);
  resting = setTimeout(() => { resting = undefined; messages.classList.remove('scrolling'); }, 1000);
}, { passive: true });
