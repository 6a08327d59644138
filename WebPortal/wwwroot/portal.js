// Runs before the page paints (a blocking script in <head>, no inline code, so CSP needs no exception).
// The server renders the theme the cookies ask for: "p2p-theme" is the user's choice (dark or light);
// without one, "p2p-os-theme" is the operating system's, which only the browser knows — so this script
// records it, and on the one visit where the server could not know it yet, reloads once in the right theme.
(function () {
    var cookie = function (name) {
        var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
        return match ? match[1] : null;
    };
    var write = function (name, value) {
        document.cookie = name + "=" + value + "; path=/; max-age=31536000; samesite=lax";
    };
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    var osTheme = function () { return system.matches ? "dark" : "light"; };
    var rendered = document.documentElement.getAttribute("data-theme");

    write("p2p-os-theme", osTheme());
    if (!cookie("p2p-theme") && rendered !== osTheme() && cookie("p2p-os-theme") === osTheme()
        && sessionStorage.getItem("p2p-theme-reloaded") !== osTheme()) {
        sessionStorage.setItem("p2p-theme-reloaded", osTheme());
        window.location.reload();
    }

    system.addEventListener("change", function () { write("p2p-os-theme", osTheme()); });

    // Called by the dark-mode button: the choice outlives the circuit and reaches the login page.
    window.p2pTheme = {
        save: function (dark) { write("p2p-theme", dark ? "dark" : "light"); }
    };

    // After an action replaces the control that had focus (a download's button becomes "You have it"),
    // focus goes to its replacement instead of falling back to <body>. The replacement is rendered by refreshes
    // that may come before or after this call, and a later refresh may render it anew (the table keys its rows by
    // value): for 10 s, whenever focus has dropped to <body> and the replacement is there, it gets focus. The
    // watch ends early once the user acts (a key, a pointer) or has put focus somewhere else.
    window.p2pFocus = {
        keep: function (id) {
            var origin = document.activeElement;
            var observer = new MutationObserver(settle);
            var timer = setTimeout(stop, 10000);
            function dropped(active) {
                return !active || active === document.body || !active.isConnected;
            }
            function settle() {
                var active = document.activeElement;
                if (!dropped(active) && active !== origin && active.id !== id) { stop(); return; }
                var target = document.getElementById(id);
                if (target && dropped(active)) { target.focus(); }
            }
            function stop() {
                observer.disconnect();
                clearTimeout(timer);
                document.removeEventListener("keydown", stop, true);
                document.removeEventListener("pointerdown", stop, true);
            }
            document.addEventListener("keydown", stop, true);
            document.addEventListener("pointerdown", stop, true);
            observer.observe(document.body, { childList: true, subtree: true });
            settle();
        }
    };
})();
