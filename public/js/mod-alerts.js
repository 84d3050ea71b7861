// Live alerts on the moderators' dashboard. Without JavaScript the page still lists open
// alerts, and a reload shows new ones.
document.addEventListener('DOMContentLoaded', () => {
  const section = document.querySelector('[data-alert-stream]');
  if (!section || !window.EventSource) return;
  const list = document.getElementById('open-alerts');
  const status = document.getElementById('live-status');
  const baseTitle = document.title;
  let unseen = 0;
  const source = new EventSource(section.dataset.alertStream);
  source.addEventListener('open', () => {
    status.textContent = 'Live: new alerts appear here as they happen.';
  });
  source.addEventListener('error', () => {
    status.textContent = 'Live updates paused; reconnecting…';
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
    strong.textContent = alert.level;
    link.append(strong, ` in ${alert.board}: ${alert.threadTitle}`);
    const meta = document.createElement('span');
    meta.className = 'muted';
    meta.textContent = alert.round > 0 ? ` · not acknowledged (reminder ${alert.round})` : ' · just now · not acknowledged';
    item.append(link, meta);
    document.getElementById('no-alerts')?.remove();
    unseen += 1;
    document.title = `(${unseen}) ${alert.level === 'crisis' ? 'CRISIS alert' : 'Alert'} · ${baseTitle}`;
    status.textContent = `New ${alert.level} alert in ${alert.board}.`;
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      unseen = 0;
      document.title = baseTitle;
    }
  });
});
