// Small, optional enhancements: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Opening a reply box puts the cursor in it.
  for (const details of document.querySelectorAll('details.reply-box')) {
    details.addEventListener('toggle', () => {
      if (details.open) details.querySelector('textarea')?.focus();
    });
  }
});
