"""Developer tools: benchmarks, the scripted self-test, README screenshots and
synthetic sessions.

The command line imports these lazily (erbsim/cli/developer.py). The self-test
and the screenshots drive erbsim.ui; the views never import this package.
"""
