"""A horizontal bar chart drawn server-side as SVG geometry (the template draws the shapes)."""

from dataclasses import dataclass

LABEL_WIDTH = 300
BAR_AREA = 360
ROW_HEIGHT = 28
BAR_HEIGHT = 20
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str
    css_class: str
    y: int
    text_y: int
    width: int
    value_x: int


def goal_bars(goals) -> dict:
    """Geometry for one bar per goal (goals carry `.libraries`, `.number`, `.name`, `.colour`)."""
    goals = list(goals)
    top_value = max((goal.libraries for goal in goals), default=0) or 1
    bars = []
    for index, goal in enumerate(goals):
        y = TOP + index * ROW_HEIGHT
        width = round(BAR_AREA * goal.libraries / top_value)
        bars.append(
            Bar(
                label=f"{goal.number}. {goal.name}",
                value=goal.libraries,
                colour=goal.colour,
                css_class=f"sdg-fill-{goal.number}",
                y=y,
                text_y=y + BAR_HEIGHT - 5,
                width=width,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + 50,
        "height": TOP * 2 + ROW_HEIGHT * len(bars),
        "label_x": LABEL_WIDTH - 8,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
