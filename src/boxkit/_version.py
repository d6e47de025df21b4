"""boxkit's version, which is also the version of the kit template it renders.

``boxkit release`` writes this file; nothing else should.
"""

__version__ = "0.5.1"
