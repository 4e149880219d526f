"""Form widgets shared by the apps' forms and filters."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def attributes(attrs: dict) -> str:
    """Attributes in their given order, as Django's widget templates write them (flatatt
    sorts them)."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False and value is not None
        )
    )


class QuickSelect(forms.Select):
    """A single <select> with the same HTML as Django's Select, built in Python instead of one
    template include per option: the municipality filter has an option per municipality, and
    rendering those through the template engine cost more than the rest of /libraries/."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        select_attrs = attributes(self.build_attrs(self.attrs, attrs))
        parts = [format_html('<select name="{}"{}>', name, select_attrs)]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an optgroup
                parts.append(format_html('\n  <optgroup label="{}">', option_value))
                parts.extend(self._option(value, text, selected) for value, text in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(self._option(option_value, label, selected))
        parts.append("\n</select>")
        return mark_safe("".join(parts))

    @staticmethod
    def _option(value, label, selected: set) -> str:
        value = "" if value is None else str(value)
        is_selected = value in selected
        if is_selected:
            selected.clear()  # like Select: only the first matching option is selected
        return (
            f'\n  <option value="{conditional_escape(value)}"{" selected" if is_selected else ""}>'
            f"{conditional_escape(label)}</option>"
        )
