// Small browser helpers called through JS interop.
window.userConsole = {
    // Switches the palette (the theme's stylesheet, in the page's head, scopes the dark one to this class of the root)
    // and remembers the choice for this browser (read by the server at the first paint); over HTTPS under the
    // __Host- prefix and Secure, like every other cookie of the console.
    setTheme: function (dark) {
        document.documentElement.classList.toggle('uc-dark', dark);
        const https = window.location.protocol === 'https:';
        document.cookie = (https ? '__Host-' : '') + 'uc-theme=' + (dark ? 'dark' : 'light')
            + '; path=/; max-age=31536000; SameSite=Lax' + (https ? '; Secure' : '');
    },
    // Saves text as a file (the recovery codes) from a Blob: no data: address, nothing inline.
    downloadText: function (fileName, text) {
        const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    },
    copyText: async function (text) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            return false;
        }
    },
    // Escape inside the dialog around `marker` calls back (only that key crosses to the server); an open list
    // (select, menu) keeps Escape for itself. Returns an object whose dispose() removes the listener.
    onEscape: function (marker, dotNet) {
        const dialog = marker.closest('.mud-dialog') || document;
        const handler = function (e) {
            if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('.mud-popover-open')) {
                e.preventDefault();
                dotNet.invokeMethodAsync('EscapeAsync');
            }
        };
        dialog.addEventListener('keydown', handler);
        if (dialog.dataset) {
            dialog.dataset.escape = 'on'; // browser tests wait for it, as a fast person cannot press Escape sooner
        }
        return { dispose: function () { dialog.removeEventListener('keydown', handler); } };
    }
};
