"""One loader per raw source; each returns a validated :class:`helpers.data.iotable.IOTable`
(or, for a source without inter-sector flows, a
:class:`helpers.data.value_added.ValueAddedPanel`)."""
