"""Least privilege on the shared server: an owner role that makes the schema, an app role that only uses it.

The owner role (``couloirs_owner`` in the README) creates and migrates the tables, indexes, row-level
security policies and triggers: ``python -m geo init --db postgresql://couloirs_owner@... --app-role
couloirs_app``. The app role, which the app and every other command connect as, is then granted row
privileges only: ``SELECT, INSERT, UPDATE, DELETE`` on the tables, ``SELECT, INSERT`` on the audit
trail, ``SELECT`` on the schema version, ``USAGE`` on the sequences. It owns nothing, so it cannot
drop a policy, disable the audit triggers or alter a table, and row-level security binds it whether or
not it is forced (it stays forced, so a single-role set-up, where the app role owns the tables, is
still filtered). On start-up the store only checks the schema version (:class:`SchemaNotReady`).

Row-level security also covers the batch log: ``import_batches`` and ``mapping_profiles`` are visible
to their agency and to administrators; ``quarantine`` and ``import_files`` rows follow their batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.store.opening import StoreUnusable

if TYPE_CHECKING:  # psycopg loads with the PostGIS store, not with every GeoPackage command (issue 16)
    import psycopg

__all__ = ["SchemaNotReady", "UnsafeRole", "batch_policies_ddl", "duplicate_policies_ddl", "grant_app_role",
           "role_findings", "table_policies_ddl", "totals_policies_ddl"]

# The tables the app reads and writes rows of; the audit trail and the schema version get less.
ROW_TABLES = ("records", "aggregates", "aggregates_years", "aggregates_cells", "aggregates_months", "import_batches",
              "quarantine", "import_files", "mapping_profiles", "agencies", "users", "sharing", "official_totals",
              "duplicate_pairs")
APPEND_ONLY_TABLES = ("audit",)
READ_ONLY_TABLES = ("couloirs_schema",)
# The tables under row-level security besides ``records`` (whose policies are in geo.store.postgis).
POLICY_TABLES = ("import_batches", "quarantine", "import_files", "mapping_profiles")


class UnsafeRole(RuntimeError):
    """The store was asked to connect as a role that row-level security does not apply to."""


class SchemaNotReady(StoreUnusable):
    """The server's schema is missing or older than this release: the owner role must run ``geo init``."""


def batch_policies_ddl(admin: str, may_write: str) -> str:
    """Row-level security on the batch log, its quarantine and files, and the mapping profiles.

    ``admin`` and ``may_write`` are the records' expressions (administrator; the viewer's own agency).
    A quarantined row or an imported file is visible when its batch is: the sub-select reads
    ``import_batches`` under that table's own policy.
    """
    follows_batch = (f"{admin} OR EXISTS (SELECT 1 FROM import_batches b"  # noqa: S608 - constants only
                     " WHERE b.batch_id = {table}.batch_id)")
    policies = {"import_batches": may_write, "mapping_profiles": may_write,
                "quarantine": follows_batch.format(table="quarantine"),
                "import_files": follows_batch.format(table="import_files")}
    script = []
    for table in POLICY_TABLES:
        rule = policies[table]
        script.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
                      f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n"
                      f"DROP POLICY IF EXISTS {table}_agency ON {table};\n"
                      f"CREATE POLICY {table}_agency ON {table} USING ({rule}) WITH CHECK ({rule});\n")
    return "".join(script)


def table_policies_ddl(table: str, *, read: str, insert: str, delete: str, update: str | None = None) -> str:
    """Row-level security on ``table``: one policy per command, each with its SQL expression.

    ``update`` (when the table's rows are updated in place) both selects the rows and checks the new ones.
    """
    commands = {"read": f"FOR SELECT USING ({read})", "insert": f"FOR INSERT WITH CHECK ({insert})",
                "update": f"FOR UPDATE USING ({update}) WITH CHECK ({update})" if update else None,
                "delete": f"FOR DELETE USING ({delete})"}
    script = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n", f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n"]
    for name, rule in commands.items():
        if rule:
            script.append(f"DROP POLICY IF EXISTS {table}_{name} ON {table};\n"
                          f"CREATE POLICY {table}_{name} ON {table} {rule};\n")
    return "".join(script)


def totals_policies_ddl(may_read: str, may_write: str, admin: str) -> str:
    """Row-level security on the official totals (issue 15): the records' rule, from the records' expressions.

    Read as records are read (owner agency, sensitivity, the sharing table); written by the owner agency;
    deleted (a batch undone) by the administrator setting only, as records are.
    """
    return table_policies_ddl("official_totals", read=may_read, insert=may_write, delete=admin)


def duplicate_policies_ddl(admin: str) -> str:
    """Row-level security on the duplicate pairs: a pair is a row of a viewer who may see both its records.

    The sub-selects read ``records`` under its own policy, so the rule is the records' rule, never a copy.
    """
    both = (f"{admin} OR (EXISTS (SELECT 1 FROM records r WHERE r.record_id = duplicate_pairs.record_a)"  # noqa: S608
            " AND EXISTS (SELECT 1 FROM records r WHERE r.record_id = duplicate_pairs.record_b))")
    return ("ALTER TABLE duplicate_pairs ENABLE ROW LEVEL SECURITY;\n"
            "ALTER TABLE duplicate_pairs FORCE ROW LEVEL SECURITY;\n"
            "DROP POLICY IF EXISTS duplicate_pairs_both ON duplicate_pairs;\n"
            f"CREATE POLICY duplicate_pairs_both ON duplicate_pairs USING ({both}) WITH CHECK ({both});\n")


def grant_app_role(connection: psycopg.Connection, app_role: str) -> list[str]:
    """Grant ``app_role`` the row privileges it needs, and nothing more; what is still too wide, as sentences.

    Run by the owner role after the schema scripts. ``CREATE`` on the schema is taken back from
    everyone where the owner may (PostgreSQL before 15 gives it to all roles on ``public``).
    """
    from psycopg import errors, sql

    if not connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role]).fetchone():
        raise ValueError(f"--app-role {app_role}: no such role on the server (CREATE ROLE {app_role} LOGIN"
                         " PASSWORD '...'; as a superuser)")
    if connection.execute("SELECT current_user").fetchone()[0] == app_role:
        return role_findings(connection, app_role)  # a single-role set-up: nothing to grant to oneself
    role = sql.Identifier(app_role)
    schema_name = connection.execute("SELECT current_schema()").fetchone()[0]
    schema_id = sql.Identifier(schema_name)

    def tables(names: tuple[str, ...]) -> sql.Composed:
        return sql.SQL(", ").join(sql.Identifier(name) for name in names)

    connection.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, role))
    connection.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(tables(ROW_TABLES), role))
    connection.execute(sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(tables(APPEND_ONLY_TABLES),
                                                                                      role))
    connection.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(tables(APPEND_ONLY_TABLES), role))
    connection.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(tables(READ_ONLY_TABLES), role))
    connection.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, role))
    try:
        with connection.transaction():  # a savepoint: only the schema's owner may revoke; not fatal otherwise
            connection.execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(schema_id))
            connection.execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(schema_id, role))
    except errors.InsufficientPrivilege:
        pass  # reported below when the app role can still create tables
    return role_findings(connection, app_role)


def role_findings(connection: psycopg.Connection, role: str | None = None) -> list[str]:
    """Why ``role`` (default: the connected one) has more than row privileges: one sentence each; [] when none."""
    role = role or connection.execute("SELECT current_user").fetchone()[0]
    found = []
    owned = [name for (name,) in connection.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) = %s"
        " ORDER BY c.relname", [role]).fetchall()]
    if owned:
        found.append(f"role {role!r} owns {len(owned)} tables ({', '.join(owned[:4])}...): it could drop their"
                     " policies and triggers; make the owner role own them (README: Shared server (PostGIS))")
    may_create = connection.execute("SELECT has_schema_privilege(%s, current_schema(), 'CREATE'),"
                                    " has_database_privilege(%s, current_database(), 'CREATE')",
                                    [role, role]).fetchone()
    if any(may_create):
        found.append(f"role {role!r} may create tables or schemas in this database: as its owner, REVOKE CREATE"
                     " ON SCHEMA public FROM PUBLIC and from that role")
    return found


def refuse_unsafe_role(connection: psycopg.Connection) -> None:
    """Raise :class:`UnsafeRole` when the connected role is a superuser or bypasses row-level security."""
    user, superuser, bypass = connection.execute(
        "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").fetchone()
    if superuser or bypass:
        raise UnsafeRole(f"role {user!r} is a superuser or has BYPASSRLS, so row-level security would not apply:"
                         " connect as the application role (README: Shared server (PostGIS))")


def schema_version(connection: psycopg.Connection) -> int:
    """The schema version stored in the database (0: no schema); :class:`SchemaNotReady` when not readable."""
    if connection.execute("SELECT to_regclass('couloirs_schema')").fetchone()[0] is None:
        return 0
    if not connection.execute("SELECT has_table_privilege('couloirs_schema', 'SELECT')").fetchone()[0]:
        database, user = connection.execute("SELECT current_database(), current_user").fetchone()
        raise SchemaNotReady(f"role {user!r} has no privileges on the Couloirs schema in database {database!r}: as"
                             f" the owner role, run python -m geo init --db postgresql://OWNER@HOST/{database}"
                             f" --app-role {user}")
    return connection.execute("SELECT coalesce(max(version), 0) FROM couloirs_schema").fetchone()[0]


def not_ready(location: str, found: int, needed: int) -> SchemaNotReady:
    """The one-line refusal of a store whose schema is missing (``found`` 0) or older than ``needed``."""
    state = "has no Couloirs schema" if found == 0 else f"has schema version {found}, this release needs {needed}"
    return SchemaNotReady(f"{location} {state}: as the owner role, run python -m geo init --db "
                          "postgresql://OWNER@HOST/DB --app-role APP_ROLE (README: Shared server (PostGIS))")
