"""The words of the page that are not data: the "Why Ashiatsu" sidebar and small notices."""

from __future__ import annotations

WHY_ASHIATSU = """
In Ashiatsu the therapist works with their feet, holding bars fixed to the ceiling to control
exactly how much of their weight reaches you. A whole foot spreads pressure wider than a thumb
or an elbow, so the work can go deep while feeling broad and smooth rather than sharp.

**The styles you will see listed**
- **Ashiatsu Oriental Bar Therapy** and **Ashiatsu DeepFeet**: long, gliding strokes with the feet,
  the therapist holding overhead bars.
- **Barefoot Sensei**: a barefoot style on a mat or table that borrows from Thai and shiatsu work.
- **Chavutti Thirumal**: the Keralan tradition; the therapist holds a rope hung from the ceiling,
  not bars, and works on a mat on the floor.
- **Fijian barefoot massage** and **Sarga bodywork**: other barefoot traditions, given on a mat;
  the therapist steadies themselves with a rope, a low bar or the wall rather than ceiling bars.

**What people come for**
- **Back pain and tight muscles.** Long, gliding strokes down the back and legs help knotted,
  overworked muscles let go, which many people with desk-bound or lifting-heavy days notice first.
- **Sleep and relaxation.** The slow, steady rhythm tends to quiet the nervous system; many
  clients say they sleep deeply the night after a session.
- **Less stress and anxiety.** An hour of being held still under even pressure is, for many, a
  reliable way to step out of a busy head.
- **Blood pressure.** Massage in general has been linked with short-term drops in blood pressure
  and heart rate, a sign of the body shifting into rest.
- **Immune support.** Research on massage points to modest effects on markers of immune
  function, likely through lower stress.
- **Recovery and flexibility for active people.** Runners, climbers and lifters use it between
  training days to ease soreness and to move more freely.

**What a session feels like**
You lie on a padded table, usually face down first, draped as in any massage. The therapist
applies warm oil and glides along your back, hips and legs with the sole and heel of the foot.
Pressure builds gradually; say at any moment if you want more or less. Expect 60 to 90 minutes,
and drink water afterwards.

**Ask your doctor first if you**
- are pregnant;
- have osteoporosis or fragile bones;
- have had surgery, a fracture or a serious injury recently;
- take blood thinners, or have had blood clots or deep vein thrombosis;
- have high blood pressure that is not under control.

Tell your therapist about any condition, medication or sore spot before you start; a good
studio asks you about them anyway.

*This is general information, not medical advice.*
"""

SAMPLE_NOTICE = "Sample directory: these studios are fictional, made up to show how the finder works."

ATTRIBUTION = (
    "Place names and postal codes: [GeoNames](https://www.geonames.org/) (CC BY 4.0). "
    "Map tiles © [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors; "
    "country outlines: Natural Earth (public domain)."
)

FAVORITES_PRIVACY = (
    "No account needed: your favourites live under a private link that only this browser remembers. "
    "Open the link on another device to see them there; anyone with the link can see the list."
)

LOCATION_PLACEHOLDER = "A postal code, a city, an address or coordinates, e.g. 78701, Portland, Maine or 51.5, -0.12"

#: The page's styles: constant CSS, no untrusted text. Tap targets follow WCAG 2.2: primary actions
#: at least 44x44 CSS px on a phone, every other control at least 24x24.
PAGE_CSS = """
<style>
/* A compact page: the results, not the chrome, fill the first screen of a phone. */
.block-container {padding-top: 2.75rem; padding-bottom: 2rem;}
header[data-testid="stHeader"] {height: 2.5rem;}
.af-header {display: flex; align-items: baseline; gap: .6rem; flex-wrap: wrap; margin: 0;}
.af-header h1 {font-size: 1.35rem; line-height: 1.2; margin: 0; padding: 0;}
.af-header p {margin: 0; color: #475569; font-size: .9rem;}
@media (max-width: 640px) {.af-header p {display: none;} .block-container {padding-top: 2.25rem;}}
.af-sample {font-size: .85rem; color: #6b4e16; background: #fff7e0; border-radius: .4rem; padding: .2rem .5rem;}
.af-status h2 {font-size: 1.05rem; margin: .2rem 0; padding: 0;}
.af-status p {margin: 0; color: #475569; font-size: .9rem;}
/* Cards */
.af-card {border: 1px solid #d6dedb; border-radius: .6rem; padding: .7rem .8rem .4rem; background: #ffffff;}
.af-card h3 {margin: 0 0 .25rem 0; padding: 0; font-size: 1.05rem; line-height: 1.3; overflow-wrap: anywhere;}
.af-card .af-rank {display: inline-flex; align-items: center; justify-content: center; min-width: 1.6rem;
  height: 1.6rem; border-radius: 50%; background: #0f766e; color: #fff; font-size: .85rem; margin-right: .25rem;}
.af-card .af-meta {color: #475569; font-size: .9rem; overflow-wrap: anywhere;}
.af-card .af-tags {margin: .3rem 0;}
.af-card .af-tag {display: inline-block; background: #ecfdf5; color: #065f46; border-radius: 999px;
  padding: 0 .55rem; margin: 0 .25rem .25rem 0; font-size: .8rem;}
.af-card .af-note {color: #92400e; font-size: .85rem;}
.af-card .af-hours {font-size: .9rem; font-weight: 600; color: #475569;}
.af-card .af-hours-open {color: #166534;} .af-card .af-hours-closing_soon {color: #92400e;}
.af-card .af-hours-closed {color: #b91c1c;}
.af-card .af-actions {display: flex; flex-wrap: wrap; gap: .4rem; margin: .45rem 0 .2rem;}
.af-card .af-actions a {display: inline-flex; align-items: center; justify-content: center; min-height: 44px;
  min-width: 44px; padding: 0 .9rem; border: 1px solid #0f766e; border-radius: .5rem; color: #0f766e;
  font-weight: 600; text-decoration: none; box-sizing: border-box;}
.af-card .af-actions a:first-child {background: #0f766e; color: #ffffff;}
.af-card details summary {min-height: 32px; display: flex; align-items: center; cursor: pointer; color: #0f766e;}
.af-card details p {margin: .2rem 0; font-size: .9rem;}
.af-card .af-more a {display: inline-flex; min-height: 32px; align-items: center; margin-right: 1rem;}
.af-card h3 a.af-nav {color: inherit; text-decoration: none;}
.af-card h3 a.af-nav:hover, .af-card h3 a.af-nav:focus-visible {text-decoration: underline;}
.af-card .af-actions button.af-show {min-height: 44px; padding: 0 .9rem; border: 1px solid #94a3b8;
  border-radius: .5rem; background: #ffffff; color: #334155; font: inherit; font-weight: 600; cursor: pointer;}
.af-chips {display: flex; flex-wrap: wrap; gap: .3rem;}
.af-studio h2 {font-size: 1.35rem; margin: .2rem 0 .3rem; padding: 0;}
.af-studio dl {display: grid; grid-template-columns: max-content 1fr; gap: .25rem .9rem; margin: .6rem 0;}
.af-studio dt {color: #475569; font-weight: 600;}
.af-studio dd {margin: 0; overflow-wrap: anywhere;}
.af-studio .af-actions {display: flex; flex-wrap: wrap; gap: .4rem; margin: .45rem 0;}
.af-studio .af-actions a, .af-studio .af-actions button {display: inline-flex; align-items: center;
  justify-content: center; min-height: 44px; min-width: 44px; padding: 0 .9rem; border: 1px solid #0f766e;
  border-radius: .5rem; color: #0f766e; background: #ffffff; font: inherit; font-weight: 600;
  text-decoration: none; box-sizing: border-box; cursor: pointer;}
.af-studio .af-actions a:first-child {background: #0f766e; color: #ffffff;}
.af-studio .af-note {color: #92400e;}
.af-studio table.af-week {border-collapse: collapse; margin: .4rem 0;}
.af-studio table.af-week caption {text-align: left; color: #475569; font-size: .85rem;}
.af-studio table.af-week th, .af-studio table.af-week td {text-align: left; padding: .15rem .9rem .15rem 0;
  font-weight: 400;}
.af-studio table.af-week tr.af-today {font-weight: 700;}
a.af-back {display: inline-flex; align-items: center; min-height: 44px; color: #0f766e; font-weight: 600;}
.af-card.af-selected {outline: 3px solid #c2410c; outline-offset: 2px;}
/* The star of a card: an icon button in its top corner, named for its studio (aria-label). */
.af-list {display: flex; flex-direction: column; gap: .75rem;}
.af-card {position: relative;}
.af-card:has(> button.af-star) h3 {padding-right: 2.9rem;}
.af-card button.af-star {position: absolute; top: .2rem; right: .2rem; width: 44px; height: 44px; padding: 0;
  border: 0; border-radius: 50%; background: transparent; color: #475569; font-size: 1.6rem; line-height: 1;
  cursor: pointer;}
.af-card button.af-star.af-saved {color: #b45309;}
.af-card button.af-star:hover {background: #eef3f1;}
.af-card button.af-star:focus-visible {outline: 2px solid #0f766e; outline-offset: 1px;}
.af-card button.af-star[aria-busy="true"] {opacity: .7;}
div[class*="st-key-fav-"] button, div[class*="st-key-unfav-"] button {min-height: 44px; min-width: 44px;}
/* The chosen segment (List | Map, mi | km): Streamlit writes it in the primary colour over a 20% tint
   of it while hovered or focused (3.98:1); a darker teal keeps it above 4.5:1 in every state. */
button[data-variant="segmented_control"][aria-checked="true"],
button[data-variant="segmented_control"][aria-checked="true"] p {color: #115e59;}
/* A studio's name, where it links to the studio's page: a target of at least 24 px (WCAG 2.5.8). */
.af-card h3 a {display: inline-block; min-height: 24px;}
/* Controls a thumb can hit */
.st-key-search-bar button, .st-key-filters button, .st-key-view button {min-height: 44px;}
/* The filters, opened, take the whole width (the List | Map switch moves under them). */
.st-key-filters-open:has(details[open]) {flex: 1 1 100%;}
[data-testid="stSidebarCollapsedControl"] button {min-width: 44px; min-height: 44px;}
/* Desktop: the map stays in view while the list scrolls. */
@media (min-width: 641px) {
  .st-key-view {display: none;}
  .st-key-results-map {position: sticky; top: 3rem;}
}
/* The suggestions' fragment draws nothing in the page's flow (its list floats under the box): no gap. */
div:has(> .stVerticalBlock > .st-key-location-suggest) {display: none;}
/* streamlit-js-eval's helper frames (localStorage, location) draw a white 8 px strip: keep them unseen. */
iframe[title="streamlit_js_eval.streamlit_js_eval"] {visibility: hidden; height: 0;}
</style>
"""

#: The page's script, constant, installed once per page (the header carries it):
#: - links with class ``af-nav`` (a studio's page, back to the results) change the address in place and
#:   let Streamlit rerun for it, as Back and Forward do, instead of loading the whole app again; without
#:   the script they are ordinary links to the same address;
#: - a card's "Show on map" button centres the map on its studio and opens its popup (on a phone it
#:   first switches the ``view`` control to the map);
#: - ``af-share`` buttons share the page's address (the Web Share API) or copy it.
#: The localStorage key under which a browser keeps its favourites list id.
STORAGE_KEY = "ashiatsu-finder-list"

#: Installed once per page by the header: in-app links (a card's name opens its studio's page without
#: reloading the app), "Show on map", Share, and the favourites list this browser keeps, put into a
#: bare address (the one extra run only a returning visitor with a list needs; the id is checked here
#: and again on the server).
PAGE_SCRIPT = """
<script>
(function () {
  if (window.afPageScript) { return; }
  window.afPageScript = true;
  function go(href) {
    history.pushState(null, "", href);
    window.dispatchEvent(new PopStateEvent("popstate", {state: null}));
    window.scrollTo(0, 0);
  }
  function openKeptList() {
    var params = new URLSearchParams(window.location.search);
    var kept = null;
    try { kept = localStorage.getItem("__STORAGE_KEY__"); } catch (error) { return; }
    if (params.has("list") || !kept || !/^[A-Za-z0-9_-]{32}$/.test(kept)) { return; }
    params.set("list", kept);
    history.replaceState(null, "", window.location.pathname + "?" + params.toString() + window.location.hash);
    window.dispatchEvent(new PopStateEvent("popstate", {state: null}));
  }
  openKeptList();
  function mapFrame() { return document.querySelector(".st-key-results-map iframe"); }
  function mapShown(frame) {
    if (!frame) { return false; }
    var box = frame.getBoundingClientRect();
    return box.width > 0 && box.right > 0 && box.left < window.innerWidth;
  }
  function showOnMap(id, triesLeft) {
    var frame = mapFrame();
    var show = frame && frame.contentWindow && frame.contentWindow.afShowStudio;
    if (show && mapShown(frame)) {
      frame.scrollIntoView({block: "nearest"});
      show(id);
      return;
    }
    if (!mapShown(frame)) {
      var mapButton = Array.prototype.find.call(document.querySelectorAll(".st-key-view button"),
        function (button) { return button.textContent.trim() === "Map"; });
      if (mapButton && mapButton.getAttribute("aria-checked") !== "true"
          && mapButton.getAttribute("kind") !== "segmented_controlActive") { mapButton.click(); }
    }
    if (triesLeft > 0) { setTimeout(function () { showOnMap(id, triesLeft - 1); }, 100); }
  }
  function share(button) {
    var url = window.location.href;
    var done = function (text) { button.textContent = text; };
    if (navigator.share) {
      navigator.share({title: document.title, url: url}).catch(function () {});
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(url).then(function () { done("Link copied"); },
                                              function () { done("Copy the address bar to share"); });
    } else { done("Copy the address bar to share"); }
  }
  // The stars of the result cards: buttons in the list's HTML. A tap is shown at once and sent by the
  // star relay (a component, finder/ui/favorites_view.py), which also says which stars Python has saved
  // and which taps it has applied. Here from the first moment, so a tap before the relay is drawn waits.
  var stars = window.afStars = {seq: 0, sent: 0, done: 0, saved: null, pending: {}, send: null};
  function showStar(star, saved, busy) {
    var label = saved ? "Remove " + star.dataset.name + " from favourites" : "Save " + star.dataset.name;
    if (star.getAttribute("aria-label") !== label) {
      star.setAttribute("aria-label", label);
      star.title = label;
      star.textContent = saved ? "\u2605" : "\u2606";
      star.classList.toggle("af-saved", saved);
    }
    if (busy) { star.setAttribute("aria-busy", "true"); } else { star.removeAttribute("aria-busy"); }
  }
  stars.apply = function () {
    Array.prototype.forEach.call(document.querySelectorAll("button.af-star"), function (star) {
      var id = star.dataset.studio, tap = stars.pending[id];
      if (tap && tap.seq > stars.done) { showStar(star, tap.want, true); return; }
      delete stars.pending[id];
      if (stars.saved === null) { return; }  // until the relay says, each card's own HTML holds
      var saved = stars.saved.indexOf(id) >= 0;
      star.dataset.saved = saved ? "1" : "0";
      showStar(star, saved, false);
    });
  };
  // What each star not yet answered should be (studio id -> save): a report that replaces one still
  // waiting loses nothing, and one applied twice changes nothing.
  stars.flush = function () {
    if (!stars.send || stars.sent === stars.seq) { return; }
    var wants = {};
    Object.keys(stars.pending).forEach(function (id) {
      if (stars.pending[id].seq > stars.done) { wants[id] = stars.pending[id].want; }
    });
    stars.sent = stars.seq;
    stars.send("tap", {seq: stars.seq, wants: wants});
  };
  function tapStar(star) {
    stars.seq += 1;
    stars.pending[star.dataset.studio] = {seq: stars.seq, want: star.getAttribute("aria-label").indexOf("Save ") === 0};
    stars.apply();
    stars.flush();
  }
  new MutationObserver(function (records) {  // a card drawn again shows its star as last said
    var added = records.some(function (record) {
      return Array.prototype.some.call(record.addedNodes, function (node) {
        return node.nodeType === 1 && (node.matches("button.af-star") || node.querySelector("button.af-star"));
      });
    });
    if (!added) { return; }
    stars.apply();
    var focus = document.activeElement;
    if (stars.focused && (!focus || focus === document.body)) {  // the star that had the focus, drawn again
      var again = document.querySelector('button.af-star[data-studio="' + CSS.escape(stars.focused) + '"]');
      if (again) { again.focus({preventScroll: true}); }
    }
  }).observe(document.body, {childList: true, subtree: true});
  document.addEventListener("focusin", function (event) {
    stars.focused = event.target.matches && event.target.matches("button.af-star") ? event.target.dataset.studio : null;
  });
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
        || event.altKey) { return; }
    var target = event.target.closest("a.af-nav, button.af-show, button.af-share, button.af-star");
    if (!target) { return; }
    event.preventDefault();
    if (target.matches("a.af-nav")) { go(target.getAttribute("href")); }
    else if (target.matches("button.af-show")) { showOnMap(target.dataset.studio, 40); }
    else if (target.matches("button.af-star")) { tapStar(target); }
    else { share(target); }
  });
})();
</script>
""".replace("__STORAGE_KEY__", STORAGE_KEY)

#: On a phone, the List | Map switch shows one of the two; on a desktop both stand side by side.
#: The map is moved off screen rather than hidden, so Leaflet lays it out at its real size and the
#: pins are in place the moment a person switches to it; ``visibility: hidden`` keeps the keyboard
#: and screen readers out of it meanwhile (without it, Tab after the last card walked through a
#: dozen pins and controls nobody could see).
VIEW_CSS = {
    "List": "<style>@media (max-width: 640px) {.st-key-results-map {position: absolute; left: -10000px;"
    " width: calc(100vw - 2rem); visibility: hidden;}}</style>",
    "Map": "<style>@media (max-width: 640px) {.st-key-results-list {display: none;}}</style>",
}
