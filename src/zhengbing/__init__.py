"""zhengbing — offline toolkit for drafting, searching and checking conscription-work documents."""

__version__ = "0.1.0"
