"""Suggestions while typing, under the `location` box: a small component of our own (Streamlit components v2).

The box stays the plain ``st.text_input(key="location")``: Enter, the Search button and the address bar work as
before, and tests drive it as before. The component only listens to what is typed in that box (a pause of
150 ms), sends the text to Python, and shows the places ``OfflineGeocoder.suggest`` returns as a list under
the box: arrow keys and Enter, or a tap, choose one, which is put in the box and committed with Enter, so it
is searched exactly like a typed place. Escape or leaving the box closes the list. It runs in a fragment, so a keystroke
reruns only this part of the page, and the labels are escaped text (``textContent``), never HTML.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from ..errors import FinderError
from ..geocoding.gazetteer import load_offline_geocoder

LIMIT = 8

_JS = """
export default function(component) {
  const { data, setStateValue } = component;
  const box = document.querySelector('.st-key-location input');
  if (!box) { return; }
  const state = (window.__finderSuggest = window.__finderSuggest || { active: -1, timer: null, typed: null });
  let list = document.getElementById('af-suggestions');
  if (!list) {
    list = document.createElement('ul');
    list.id = 'af-suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Places that match');
    document.body.appendChild(list);
  }
  const labels = (data && data.typed === box.value) ? (data.labels || []) : [];
  const place = () => {
    const r = box.getBoundingClientRect();
    list.style.left = (r.left + window.scrollX) + 'px';
    list.style.top = (r.bottom + window.scrollY + 2) + 'px';
    list.style.width = Math.max(r.width, 240) + 'px';
  };
  const mark = () => {
    [...list.children].forEach((item, i) => item.setAttribute('aria-selected', String(i === state.active)));
  };
  const close = () => { list.hidden = true; state.active = -1; };
  // A choice is typed into the box and committed with Enter, so it is searched exactly like typed text
  // (the box's own on_change, the address bar), and the box's state is the label, not the letters typed.
  const choose = (label) => {
    close();
    state.chosen = label;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, label);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const enter = { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true };
    box.dispatchEvent(new KeyboardEvent('keydown', enter));
    box.dispatchEvent(new KeyboardEvent('keyup', enter));
  };
  list.replaceChildren(...labels.map((label, i) => {
    const item = document.createElement('li');
    item.setAttribute('role', 'option');
    item.textContent = label;
    item.addEventListener('mousedown', (event) => { event.preventDefault(); choose(label); });
    item.addEventListener('touchend', (event) => { event.preventDefault(); choose(label); });
    return item;
  }));
  state.active = -1;
  list.hidden = labels.length === 0 || document.activeElement !== box;
  place();
  if (box.dataset.afSuggest !== '1') {
    box.dataset.afSuggest = '1';
    box.setAttribute('aria-autocomplete', 'list');
    box.setAttribute('aria-controls', 'af-suggestions');
    box.addEventListener('input', () => {
      clearTimeout(state.timer);
      if (box.value === state.chosen) { return; }  // the choice itself, not more typing
      state.timer = setTimeout(() => { state.typed = box.value; setStateValue('typed', box.value); }, 150);
    });
    box.addEventListener('blur', () => { clearTimeout(state.timer); setTimeout(close, 150); });
    box.addEventListener('keydown', (event) => {
      // Enter commits the box (a search, a whole rerun): no fragment rerun for the letters may follow it
      if (event.key === 'Enter') { clearTimeout(state.timer); }
      const items = list.hidden ? [] : [...list.children];
      if (!items.length) { return; }
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        state.active = (state.active + step + items.length) % items.length;
        mark();
      } else if (event.key === 'Enter' && state.active >= 0) {
        event.preventDefault();
        event.stopImmediatePropagation();
        choose(items[state.active].textContent);
      } else if (event.key === 'Escape') {
        close();
      }
    }, true);
    window.addEventListener('resize', place);
  }
}
"""

_CSS = """
#af-suggestions { position: absolute; z-index: 1000; margin: 0; padding: 4px 0; list-style: none;
  background: var(--st-background-color, #fff); color: var(--st-text-color, #222);
  border: 1px solid rgba(0, 0, 0, .2); border-radius: 8px; box-shadow: 0 4px 12px rgba(0, 0, 0, .15);
  max-height: 60vh; overflow-y: auto; font-size: 1rem; }
#af-suggestions[hidden] { display: none; }
#af-suggestions li { padding: 10px 12px; cursor: pointer; min-height: 24px; }
#af-suggestions li[aria-selected="true"], #af-suggestions li:hover { background: rgba(128, 128, 128, .18); }
"""

_component = st.components.v2.component("finder_suggest", js=_JS, css=_CSS, isolate_styles=False)


@lru_cache(maxsize=4096)
def suggestion_labels(typed: str) -> tuple[str, ...]:
    """The labels of the places ``typed`` may be the start of; none when the gazetteer cannot be used."""
    try:
        return tuple(place.label for place in load_offline_geocoder().suggest(typed, limit=LIMIT))
    except FinderError:
        return ()


@st.fragment
def suggestions() -> None:
    """The component; a keystroke reruns only this fragment. A choice is committed in the box itself."""
    current = st.session_state.get("location-suggest") or {}
    typed = str(current.get("typed") or "")[:200]
    labels = suggestion_labels(typed) if len(typed.strip()) >= 2 else ()
    _component(
        key="location-suggest",
        data={"typed": typed, "labels": list(labels)},
        on_typed_change=lambda: None,
    )
