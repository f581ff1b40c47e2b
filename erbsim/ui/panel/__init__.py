"""The mentor-led mock panel: the candidate display, the mentor console, the
board set-up, and the controller that runs a panel session."""
