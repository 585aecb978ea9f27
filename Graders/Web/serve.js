// grader serve: keyboard scoring on the grading page (served as /serve.js; the Content-Security-Policy allows no inline script).
(() => {
  const groups = Array.from(document.querySelectorAll('section.group'));
  if (groups.length === 0) {
    return;
  }

  let at = 0;
  const show = (i, scroll) => {
    at = Math.min(Math.max(i, 0), groups.length - 1);
    groups.forEach((g, j) => g.classList.toggle('current', j === at));
    if (scroll) {
      groups[at].scrollIntoView({ block: 'start' });
    }
  };

  const start = parseInt(document.body.dataset.at || '0', 10);
  show(Number.isNaN(start) ? 0 : start, start > 0);
  groups.forEach((g, i) => g.addEventListener('focusin', () => show(i, false)));
  document.addEventListener('keydown', e => {
    const t = e.target;
    if (t instanceof HTMLTextAreaElement || t instanceof HTMLInputElement) {
      if (e.key === 'Escape') {
        t.blur();
      }
      return;
    }

    if (e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }

    if (e.key === 'n' || e.key === 'j') {
      show(at + 1, true);
    } else if (e.key === 'p' || e.key === 'k') {
      show(at - 1, true);
    } else if (e.key === 'c') {
      groups[at].querySelector('textarea')?.focus();
    } else if (/^(Digit|Numpad)[0-9]$/.test(e.code) || (!e.shiftKey && /^[0-9]$/.test(e.key))) {
      // A digit by the key's place on the keyboard (Shift+1 is "!" as a character): "+1" is Shift and 1.
      const digit = /[0-9]$/.test(e.code) ? e.code.slice(-1) : e.key;
      const key = (e.shiftKey ? '+' : '') + digit;
      const button = groups[at].querySelector(`.levels button[data-key="${key}"]`);
      const hint = document.getElementById('keyhint');
      if (!button) {
        // A key that gives nothing says so, with the keys that do.
        const keys = Array.from(groups[at].querySelectorAll('.levels button[data-key]')).map(b => b.dataset.key);
        if (hint) {
          const name = k => (k.startsWith('+') ? 'Shift+' + k.slice(1) : k);
          hint.textContent = `Key ${name(key)} gives no score on this item: its keys are ${keys.map(name).join(', ')}.`;
        }
        e.preventDefault();
        return;
      }
      if (hint) {
        hint.textContent = '';
      }
      button.click();
    } else {
      return;
    }

    e.preventDefault();
  });
})();

// The code page: j/k go to the next and previous comment.
(() => {
  const comments = Array.from(document.querySelectorAll('table.code tr.inline-comment'));
  if (comments.length === 0 || document.querySelector('section.group')) {
    return;
  }

  let at = -1;
  document.addEventListener('keydown', e => {
    const t = e.target;
    if (t instanceof HTMLTextAreaElement || t instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }

    if (e.key !== 'j' && e.key !== 'k') {
      return;
    }

    at = Math.min(Math.max(at + (e.key === 'j' ? 1 : -1), 0), comments.length - 1);
    location.hash = comments[at].id;
    e.preventDefault();
  });
})();
