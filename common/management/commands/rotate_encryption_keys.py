from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from common.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = "Re-encrypt every stored secret under the first key of FIELD_ENCRYPTION_KEYS (then old keys can go)."

    def handle(self, *args, **options):
        total = 0
        quote = connection.ops.quote_name
        for model in apps.get_models():
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedTextField):
                    continue
                column = quote(field.column)
                # The ciphertext itself is read and written, never the decrypted value.
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
                    for row_pk, token in cursor.fetchall():
                        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", [rotate(token), row_pk])  # noqa: S608
                        total += 1
        self.stdout.write(f"Re-encrypted {total} secret(s) under the newest key.")
