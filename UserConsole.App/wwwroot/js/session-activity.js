// Tells the circuit that the person is using the page (pointer, keys, wheel, touch), so that the idle limit of the
// session counts their input and not only page loads. At most one report per interval; input within an interval is
// reported at its end, so the last input is never lost.
const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'];
let state = null;

export function start(dotNet, intervalMs) {
    stop();
    let last = 0;
    let pending = null;
    const report = () => {
        last = Date.now();
        pending = null;
        dotNet.invokeMethodAsync('ReportActivity').catch(() => { });
    };
    const onInput = () => {
        const wait = last + intervalMs - Date.now();
        if (wait <= 0) {
            report();
        } else if (pending === null) {
            pending = setTimeout(report, wait);
        }
    };
    for (const name of events) {
        document.addEventListener(name, onInput, { capture: true, passive: true });
    }
    state = { onInput, clear: () => clearTimeout(pending) };
}

export function stop() {
    if (state === null) {
        return;
    }
    for (const name of events) {
        document.removeEventListener(name, state.onInput, { capture: true });
    }
    state.clear();
    state = null;
}
