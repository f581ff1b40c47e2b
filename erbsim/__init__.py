"""erbsim: rehearse an Executive Review Board defense."""

__version__ = "0.1.0"
