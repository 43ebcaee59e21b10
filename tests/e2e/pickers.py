"""Driving the person pickers (Tom Select over /people/search/) as a person does: type part
of a name, click the match."""

import re

from playwright.sync_api import Page, expect


def pick_person(page: Page, field_id: str, name: str, *, typed: str | None = None) -> None:
    """In the picker of `<select id=field_id>`, type `typed` (default: `name`) and choose
    the option showing `name`. Nothing to do when `name` is already chosen (a proposed
    contact, a default lead)."""
    chosen = page.locator(f"#{field_id} option:checked")
    if chosen.count() and chosen.inner_text().strip() == name:
        return
    wrapper = page.locator(f".ts-wrapper:has(#{field_id}-ts-control)")
    wrapper.locator(".ts-control").click()
    expect(page.locator(f"#{field_id}-ts-control")).to_be_focused()
    # A picker holding a person takes typing once its list is open (Tom Select ignores keys
    # before that); a person sees the list open before they type.
    expect(wrapper).to_have_class(re.compile(r"\bdropdown-active\b"))
    page.keyboard.type(typed or name)
    # The search's answer, not the chosen person Tom Select lists first.
    option = page.locator(f"#{field_id}-ts-dropdown .option:not(.selected)", has_text=name).first
    option.click()
    expect(page.locator(f"#{field_id} option:checked")).to_have_text(name)
