"""Configuration, below the engine: what a run's settings are and where they come from.

- ``settings``: the :class:`~perfcheck.config.settings.Settings` the engine reads, the configuration file format;
- ``layers``: configuration files laid over each other (``extend``), then the command-line flags;
- ``waivers``: accepted findings (``perfcheck-waivers.yml``);
- ``params``: rule parameters, converted and checked the same way from YAML and from configuration.

Nothing here imports the engine, the rule packs, the kinds or the document loaders.
"""
