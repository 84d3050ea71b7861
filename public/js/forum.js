// Small, optional enhancements: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Opening a reply box puts the cursor in it.
  for (const details of document.querySelectorAll('details.reply-box')) {
    details.addEventListener('toggle', () => {
      if (details.open) details.querySelector('textarea')?.focus();
    });
  }

  // While a member pauses typing, the draft is checked with the crisis detector (nothing is
  // stored) and the help panel is shown before the post is even sent.
  const panel = document.getElementById('help-panel');
  for (const form of document.querySelectorAll('form[data-draft-check]')) {
    const textarea = form.querySelector('textarea[name=body]');
    const token = form.querySelector('input[name=_csrf]');
    if (!textarea || !token) continue;
    let timer = null;
    let lastChecked = '';
    textarea.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = textarea.value.trim();
        if (text.length < 12 || text === lastChecked) return;
        lastChecked = text;
        try {
          const res = await fetch(form.dataset.draftCheck, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ text, _csrf: token.value }),
            credentials: 'same-origin',
          });
          if (!res.ok) return;
          const answer = await res.json();
          let target = panel;
          if (!target) return;
          if (answer.showHelp) {
            if (!form.contains(target)) form.insertBefore(target, form.firstChild.nextSibling);
            target.hidden = false;
          }
        } catch {
          // Offline or rate-limited: the post still goes through, and help is on /help.
        }
      }, 900);
    });
  }
});
