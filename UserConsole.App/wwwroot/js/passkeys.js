// Passkeys, as the .NET 10 Blazor template does them (its PasskeySubmit): the server makes the WebAuthn options
// and checks the answer with ASP.NET Core Identity; this script only carries them between the server and the
// browser's authenticator (navigator.credentials). No WebAuthn is verified here.
(function () {
    const supported =
        typeof navigator.credentials !== 'undefined' &&
        typeof window.PublicKeyCredential !== 'undefined' &&
        typeof window.PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
        typeof window.PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

    async function post(url, headers, body, signal) {
        const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers, body, signal });
        if (!response.ok) {
            throw new Error('The server refused the request (' + response.status + '). Reload the page and try again.');
        }
        return response;
    }

    function describe(error) {
        return error.name === 'NotAllowedError'
            ? 'No passkey was given: the request was cancelled or timed out.'
            : error.message;
    }

    // The profile's "Add a passkey" (called from the interactive page through JS interop): options, the
    // authenticator, then the answer with the name the user chose. Returns { ok, message, field }.
    async function create(name, tokenHeader, token) {
        if (!supported) {
            return { ok: false, message: 'This browser cannot use passkeys. Update it, or use another browser.', field: null };
        }
        const headers = { [tokenHeader]: token };
        try {
            const optionsJson = await (await post('/Account/PasskeyCreationOptions', headers)).json();
            const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(optionsJson) });
            const form = new FormData();
            form.append('credentialJson', JSON.stringify(credential));
            form.append('name', name);
            return await (await post('/Account/Passkeys', headers, form)).json();
        } catch (error) {
            return { ok: false, message: describe(error), field: null };
        }
    }

    // "Confirm it's you" with a passkey (called from the interactive dialog): options for the signed-in user's own
    // passkeys, the authenticator, then the answer with the server's protected state. Returns { ok, message, field }.
    async function confirm(tokenHeader, token) {
        if (!supported) {
            return { ok: false, message: 'This browser cannot use passkeys. Use your password.', field: null };
        }
        const headers = { [tokenHeader]: token };
        try {
            const started = await (await post('/Account/ConfirmItsYou/PasskeyOptions', headers)).json();
            const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.options) });
            const form = new FormData();
            form.append('credentialJson', JSON.stringify(credential));
            form.append('state', started.state);
            return await (await post('/Account/ConfirmItsYou/Passkey', headers, form)).json();
        } catch (error) {
            return { ok: false, message: describe(error), field: null };
        }
    }

    // <passkey-submit> in a sign-in form: a click on the button named __passkeySubmit asks the authenticator and
    // posts the form with its answer in <name>.CredentialJson (or the reason in <name>.Error).
    customElements.define('passkey-submit', class extends HTMLElement {
        static formAssociated = true;

        connectedCallback() {
            this.internals = this.attachInternals();
            this.form = this.internals.form;
            this.onSubmit = (event) => {
                if (event.submitter?.name === '__passkeySubmit') {
                    event.preventDefault();
                    this.submitCredential();
                }
            };
            this.form?.addEventListener('submit', this.onSubmit);
        }

        disconnectedCallback() {
            this.abortController?.abort();
            this.form?.removeEventListener('submit', this.onSubmit);
        }

        async submitCredential() {
            this.abortController?.abort();
            this.abortController = new AbortController();
            const signal = this.abortController.signal;
            const name = this.getAttribute('name');
            const data = new FormData();
            try {
                if (!supported) {
                    throw new Error('This browser cannot use passkeys. Update it, or use another browser.');
                }
                const headers = { [this.getAttribute('request-token-name')]: this.getAttribute('request-token-value') };
                const step = this.getAttribute('step');
                const url = '/Account/PasskeyRequestOptions' + (step ? '?step=' + encodeURIComponent(step) : '');
                const optionsJson = await (await post(url, headers, undefined, signal)).json();
                const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(optionsJson), signal });
                data.append(name + '.CredentialJson', JSON.stringify(credential));
            } catch (error) {
                if (error.name === 'AbortError') {
                    return;
                }
                data.append(name + '.Error', describe(error));
            }
            this.internals.setFormValue(data);
            this.form.submit();
        }
    });

    window.userConsolePasskeys = { create, confirm };
})();
