from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from common.crypto import EncryptedTextField, rotate
from common.words import counted


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored secret under the first key of FIELD_ENCRYPTION_KEYS (then old keys can go). "
        "Secrets no configured key opens are left as they are and listed; the command then exits non-zero."
    )

    def handle(self, *args, **options):
        rotated, unopenable = 0, []
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
                        try:
                            new_token = rotate(token)
                        except InvalidToken:
                            # Keep the ciphertext: the key that wrote it may still be found and added back.
                            unopenable.append(f"{model._meta.label}.{field.name} {row_pk}")
                            continue
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                            [new_token, row_pk],
                        )
                        rotated += 1
        self.stdout.write(f"Re-encrypted {counted(rotated, 'secret')} under the newest key.")
        if unopenable:
            for row in unopenable:
                self.stderr.write(f"  not opened by any configured key, left unchanged: {row}")
            raise CommandError(
                f"{counted(len(unopenable), 'secret')} could not be opened with FIELD_ENCRYPTION_KEYS and were left as they "
                "were. Keep the old keys configured until those connections are authorized again, or add back the "
                "key that wrote them and run this command again."
            )
