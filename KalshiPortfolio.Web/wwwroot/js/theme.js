// Remembers the theme for a year in a plain cookie the page request reads (so the first paint is right).
export function setTheme(name) {
    const value = name === "light" ? "light" : "dark";
    document.cookie = `kp_theme=${value}; path=/; max-age=31536000; samesite=lax`;
}
