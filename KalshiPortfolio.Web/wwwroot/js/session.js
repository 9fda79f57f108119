// Keeps a signed-in session alive while its user is active: when the token is within `windowMs` of its
// expiry and the user has interacted recently (or is looking at the page), POST /api/v1/account/refresh.
// The browser stores the new HttpOnly cookie; .NET is told the new expiry through `OnSessionRefreshed`.

const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "mousemove", "focus"];
const ACTIVE_FOR_MS = 30 * 60 * 1000;
const CHECK_EVERY_MS = 30 * 1000;

let current = null;

export function start(expiresAtMs, windowMs, dotNetRef) {
    stop();
    const state = { expiresAt: expiresAtMs, lastActivity: Date.now(), busy: false, timer: 0 };
    const mark = () => { state.lastActivity = Date.now(); };
    for (const name of ACTIVITY_EVENTS) {
        window.addEventListener(name, mark, { passive: true });
    }
    const isActive = () =>
        Date.now() - state.lastActivity < ACTIVE_FOR_MS || document.visibilityState === "visible";

    const check = async () => {
        const now = Date.now();
        if (state.busy || now < state.expiresAt - windowMs || now >= state.expiresAt || !isActive()) {
            return;
        }
        state.busy = true;
        try {
            const response = await fetch("/api/v1/account/refresh", {
                method: "POST", credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" },
            });
            if (response.ok) {
                const body = await response.json().catch(() => null);
                const next = body && Date.parse(body.session_expires_at);
                if (next) {
                    state.expiresAt = next;
                    if (dotNetRef) {
                        await dotNetRef.invokeMethodAsync("OnSessionRefreshed", body.session_expires_at).catch(() => {});
                    }
                }
            }
        } catch {
            // Offline or the server is restarting: try again at the next check.
        } finally {
            state.busy = false;
        }
    };
    state.timer = window.setInterval(check, CHECK_EVERY_MS);
    state.stop = () => {
        window.clearInterval(state.timer);
        for (const name of ACTIVITY_EVENTS) {
            window.removeEventListener(name, mark);
        }
    };
    current = state;
}

export function stop() {
    if (current) {
        current.stop();
        current = null;
    }
}
