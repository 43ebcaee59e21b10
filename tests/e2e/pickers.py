"""Driving the person pickers (Tom Select over /people/search/) as a person does: type part
of a name, click the match."""

from playwright.sync_api import Page, expect


def pick_person(page: Page, field_id: str, name: str, *, typed: str | None = None) -> None:
    """In the picker of `<select id=field_id>`, type `typed` (default: `name`) and choose
    the option showing `name`."""
    page.locator(f".ts-wrapper:has(#{field_id}-ts-control) .ts-control").click()
    expect(page.locator(f"#{field_id}-ts-control")).to_be_focused()
    page.keyboard.type(typed or name)
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=name).first
    option.click()
    expect(page.locator(f"#{field_id} option:checked")).to_have_text(name)
