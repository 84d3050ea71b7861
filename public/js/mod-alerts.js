// Live alerts on the moderators' dashboard. Without JavaScript the page still lists open
// alerts, and a reload shows new ones.
document.addEventListener('DOMContentLoaded', () => {
  const section = document.querySelector('[data-alert-stream]');
  if (!section || !window.EventSource) return;
  const list = document.getElementById('open-alerts');
  const status = document.getElementById('live-status');
  const baseTitle = document.title;
  // The page carries its words in its own language (data-text-*); {name} marks a value.
  const say = (name, values = {}) => (section.dataset[name] ?? '').replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ''));
  const levelWord = (level) => section.dataset[`level${level.charAt(0).toUpperCase()}${level.slice(1)}`] ?? level;
  let unseen = 0;
  const source = new EventSource(section.dataset.alertStream);
  source.addEventListener('open', () => {
    status.textContent = say('textConnected');
  });
  source.addEventListener('error', () => {
    status.textContent = say('textPaused');
  });
  source.addEventListener('alert', (event) => {
    const alert = JSON.parse(event.data);
    let item = list.querySelector(`[data-alert-id="${Number(alert.alertId)}"]`);
    if (!item) {
      item = document.createElement('li');
      item.dataset.alertId = String(alert.alertId);
      list.prepend(item);
    }
    item.className = `alert-item level-${alert.level} unacknowledged new`;
    item.textContent = '';
    const link = document.createElement('a');
    link.href = `/mod/alerts/${Number(alert.alertId)}`;
    const strong = document.createElement('strong');
    strong.textContent = levelWord(alert.level);
    link.append(strong, say('textInBoard', { board: alert.board, thread: alert.threadTitle }));
    const meta = document.createElement('span');
    meta.className = 'muted';
    meta.textContent = alert.round > 0 ? say('textReminder', { round: alert.round }) : say('textJustNow');
    item.append(link, meta);
    document.getElementById('no-alerts')?.remove();
    unseen += 1;
    document.title = `(${unseen}) ${say(alert.level === 'crisis' ? 'textTitleCrisis' : 'textTitleAlert')} · ${baseTitle}`;
    status.textContent = say('textNewAlert', { level: levelWord(alert.level), board: alert.board });
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      unseen = 0;
      document.title = baseTitle;
    }
  });
});
