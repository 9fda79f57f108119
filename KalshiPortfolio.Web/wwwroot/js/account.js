// Account calls made by the browser itself, so that the HttpOnly session cookie the server sets (or clears)
// is stored by the browser. Blazor Server cannot set cookies from a circuit: the response has long started.
// Each function resolves to { ok, status, errorCode, errorMessage, sessionExpiresAt, networkError };
// the session token in the body is never handed back to .NET.

async function send(method, url, body) {
    const headers = { "Accept": "application/json" };
    const init = { method, credentials: "same-origin", cache: "no-store", headers };
    if (body !== undefined) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(url, init);
    } catch (e) {
        return { ok: false, status: 0, networkError: String((e && e.message) || e) };
    }
    let payload = null;
    try {
        payload = await response.json();
    } catch {
        payload = null;
    }
    const error = payload && payload.error ? payload.error : null;
    return {
        ok: response.ok,
        status: response.status,
        errorCode: error && typeof error.code === "string" ? error.code : null,
        errorMessage: error && typeof error.message === "string" ? error.message : null,
        sessionExpiresAt: payload && typeof payload.session_expires_at === "string" ? payload.session_expires_at : null,
        networkError: null,
    };
}

// POST /api/v1/account/authenticate. The private key travels only in this request's body, over the page's
// own origin. For the one-click simulator sign-in this is the simulator's public demo key.
export function authenticate(keyId, privateKey, environment) {
    return send("POST", "/api/v1/account/authenticate", { key_id: keyId, private_key: privateKey, environment });
}

// DELETE /api/v1/account/logout: the server clears the cookie.
export function logout() {
    return send("DELETE", "/api/v1/account/logout");
}

// POST /api/v1/account/refresh: a new token and cookie.
export function refresh() {
    return send("POST", "/api/v1/account/refresh");
}
