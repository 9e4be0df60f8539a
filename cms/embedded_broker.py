"""The Celery broker of the embedded default (`make run` without Redis): kombu's filesystem
transport, made to outlive its folders.

Kombu's own transport fails for good once its folders vanish (a cleaned `var/`, a recreated
checkout): the worker's next poll raises and the worker exits, and a message sent meanwhile is
routed nowhere, since the queue bindings lived in the removed control folder. Here every read and
write makes the folders again first, and each process re-declares the bindings it made.
"""

import os

from kombu.transport import filesystem
from kombu.transport.virtual import Empty


class Channel(filesystem.Channel):
    # {exchange: {binding}} this process declared: written again if the control folder vanished.
    declared = {}

    def _make_folders(self):
        folders = [self.data_folder_in, self.data_folder_out, self.control_folder]
        if self.store_processed:
            folders.append(self.processed_folder)
        for folder in folders:
            os.makedirs(folder, exist_ok=True)

    def _queue_bind(self, exchange, routing_key, pattern, queue):
        self._make_folders()
        super()._queue_bind(exchange, routing_key, pattern, queue)
        binding = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        self.declared.setdefault(exchange, set()).add(binding)

    def get_table(self, exchange):
        table = super().get_table(exchange)
        if not table and self.declared.get(exchange):
            for binding in self.declared[exchange]:
                self._queue_bind(exchange, *binding)
            table = super().get_table(exchange)
        return table

    def _put(self, queue, payload, **kwargs):
        self._make_folders()
        super()._put(queue, payload, **kwargs)

    def _get(self, queue):
        self._make_folders()
        try:
            return super()._get(queue)
        except FileNotFoundError:  # removed between making it and listing it: nothing there
            raise Empty() from None

    def _size(self, queue):
        self._make_folders()
        return super()._size(queue)

    def _purge(self, queue):
        self._make_folders()
        return super()._purge(queue)


class Transport(filesystem.Transport):
    Channel = Channel
