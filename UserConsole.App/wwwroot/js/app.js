// Small browser helpers called through JS interop.
window.userConsole = {
    // Remembers the light/dark choice for this browser (read by the server at the first paint).
    setTheme: function (dark) {
        document.cookie = 'uc-theme=' + (dark ? 'dark' : 'light') + '; path=/; max-age=31536000; SameSite=Lax';
    },
    copyText: async function (text) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            return false;
        }
    }
};
