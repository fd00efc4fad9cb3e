using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// Run by the owner role: applies migrations, loads the reference data (regions always, the shipped parameters when the
/// table is empty), and grants the application role what it may do — insert and select only on the audit table and the
/// data-protection key ring.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The role the web app connects as; it owns nothing and cannot change the audit.</summary>
    public const string ApplicationRole = "medins_app";

    /// <summary>Applies every pending migration and the reference data; returns the migrations applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IDbContextFactory<MedicalInsuranceDbContext> factory, string? applicationRolePassword = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // The migrations were squashed into one before any release: a development database made before that has a
        // history this build does not know, and is recreated rather than patched (scripts/run.sh does it, saying so).
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
        {
            throw new SchemaPredatesException(unknown);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LoadRegionsAsync(db, cancellationToken);
        await LoadTownshipsAsync(db, cancellationToken);
        await LoadShippedParametersAsync(db, cancellationToken);
        await Security.IdentitySetup.EnsureRolesAsync(db, cancellationToken);
        await GrantApplicationRoleAsync(db, applicationRolePassword, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pending;
    }

    private static async Task LoadRegionsAsync(MedicalInsuranceDbContext db, CancellationToken cancellationToken)
    {
        // One set-based upsert of the whole country (about 3,400 rows): names and policies follow the committed file. The
        // self-referencing foreign key is checked at the end of the statement (it is not deferrable, but its checks run
        // after the whole statement), so a county may come before its city; they go parents first all the same. Rows
        // that already match are left alone.
        var regions = RegionData.Shipped.OrderBy(r => r.Level).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var codes = regions.Select(r => r.Code).ToArray();
        var names = regions.Select(r => r.Name).ToArray();
        var levels = regions.Select(r => r.Level.ToString()).ToArray();
        var parents = regions.Select(r => r.ParentCode).ToArray();
        var policies = regions.Select(r => r.PolicyId).ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into regions (code, name, level, parent_code, policy_id)
            select * from unnest({codes}::text[], {names}::text[], {levels}::text[], {parents}::text[], {policies}::text[])
            on conflict (code) do update set name = excluded.name, level = excluded.level,
                parent_code = excluded.parent_code, policy_id = excluded.policy_id
                where (regions.name, regions.level, regions.parent_code, regions.policy_id)
                    is distinct from (excluded.name, excluded.level, excluded.parent_code, excluded.policy_id)
            """, cancellationToken);
    }

    /// <summary>
    /// The shipped townships (about 41,000), upserted like the regions: a code first met in an import and flagged becomes a
    /// reference township once the list has it; a listed code the list no longer has stays (files may name it), flagged.
    /// </summary>
    private static async Task LoadTownshipsAsync(MedicalInsuranceDbContext db, CancellationToken cancellationToken)
    {
        var townships = TownshipData.Shipped;
        var codes = townships.Select(t => t.Code).ToArray();
        var names = townships.Select(t => t.Name).ToArray();
        var counties = townships.Select(t => t.County).ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into townships (code, name, county, reference)
            select code, name, county, true from unnest({codes}::text[], {names}::text[], {counties}::text[]) as t (code, name, county)
            on conflict (code) do update set name = excluded.name, county = excluded.county, reference = true
                where (townships.name, townships.county, townships.reference) is distinct from (excluded.name, excluded.county, true)
            """, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"update townships set reference = false where reference and code::text not in (select unnest({codes}::text[]))", cancellationToken);
    }

    /// <summary>
    /// Seeds the shipped parameters into an empty table; on an upgrade whose shipped document changed (a reading corrected
    /// against the texts), replaces the rows still as shipped and keeps every parameter an administrator has entered or edited.
    /// </summary>
    private static async Task LoadShippedParametersAsync(MedicalInsuranceDbContext db, CancellationToken cancellationToken)
    {
        var shipped = PolicyDocument.ShippedRows();
        var stored = await db.PolicyParameters.ToListAsync(cancellationToken);
        var asShipped = stored.Where(r => r.Source == "shipped").ToList();
        // The value compared as JSON, not as text: jsonb gives it back with its own spacing and key order.
        static string Key(ParameterRow r) => $"{r.Province}|{r.PoolingRegion}|{r.Name}|{r.Position}|{r.FromYear}|{r.ToYear}|{Canonical(System.Text.Json.Nodes.JsonNode.Parse(r.Value))}|{r.Status}|{r.Citation}";
        if (asShipped.Select(Key).Order(StringComparer.Ordinal).SequenceEqual(shipped.Select(Key).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return;
        }

        var edited = stored.Where(r => r.Source != "shipped").Select(r => (r.Province, r.PoolingRegion, r.Name)).ToHashSet();
        db.PolicyParameters.RemoveRange(asShipped.Where(r => !edited.Contains((r.Province, r.PoolingRegion, r.Name))));
        db.PolicyParameters.AddRange(shipped.Where(r => !edited.Contains((r.Province, r.PoolingRegion, r.Name))));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>JSON with object keys in ordinal order and no spacing: equal values, equal text.</summary>
    private static string Canonical(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => System.Text.Json.JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        System.Text.Json.Nodes.JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static async Task GrantApplicationRoleAsync(MedicalInsuranceDbContext db, string? password, CancellationToken cancellationToken)
    {
        // Identifiers cannot be bind parameters: the role is a constant and the database name is quoted.
        const string role = ApplicationRole;
        var grants = $"""
            do $$ begin
              create role {role} login;
            exception when duplicate_object or unique_violation then null; -- roles are cluster-wide: another database made it, maybe just now
            end $$;
            grant usage on schema public to {role};
            grant select, insert, update, delete on all tables in schema public to {role};
            grant usage, select on all sequences in schema public to {role};
            revoke insert, update, delete, truncate on __ef_migrations_history from {role};
            revoke update, delete, truncate on audit_entries from {role};
            revoke update, delete, truncate on data_protection_keys from {role};
            grant connect on database "{db.Database.GetDbConnection().Database.Replace("\"", "\"\"", StringComparison.Ordinal)}" to {role};
            """;
        await db.Database.ExecuteSqlRawAsync(grants, cancellationToken);
        if (!string.IsNullOrEmpty(password))
        {
            // A literal, not a parameter: ALTER ROLE takes no bind parameters; the quoting doubles any quote.
            var alter = $"alter role {role} password '{password.Replace("'", "''", StringComparison.Ordinal)}'";
            await db.Database.ExecuteSqlRawAsync(alter, cancellationToken);
        }
    }

    /// <summary>The same connection as <paramref name="ownerConnectionString"/>, as the application role.</summary>
    public static string ApplicationConnectionString(string ownerConnectionString, string? password = null) =>
        new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = ApplicationRole, Password = password }.ConnectionString;
}
