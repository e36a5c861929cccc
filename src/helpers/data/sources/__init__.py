"""One loader per raw source; each returns a validated :class:`helpers.data.iotable.IOTable`."""
