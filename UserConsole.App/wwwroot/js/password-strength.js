// Strength meter of the set-password form: asks the server (zxcvbn-core) for the score of the typed password,
// debounced. The form works without it; the server applies the same policy on submit.
(function () {
    const input = document.querySelector('[data-strength-input]');
    if (!input) { return; }
    const form = input.closest('form');
    const meter = document.getElementById('strength');
    const label = meter.querySelector('[data-strength-label]');
    let timer = 0;
    let sequence = 0;
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const current = ++sequence;
            const body = new FormData();
            body.append('password', input.value);
            const token = form.querySelector('input[name="__RequestVerificationToken"]');
            if (token) { body.append('__RequestVerificationToken', token.value); }
            try {
                const response = await fetch('/Account/PasswordStrength', { method: 'POST', body, credentials: 'same-origin' });
                if (!response.ok || current !== sequence) { return; }
                const result = await response.json();
                meter.dataset.score = String(result.score);
                label.textContent = result.label;
            } catch { /* the meter is a help, not a gate */ }
        }, 200);
    });
})();
