using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("import_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.Property(r => r.FileHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.Encoding).HasMaxLength(16);
        builder.Property(r => r.StartedBy).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion(RunStatuses.Converter).HasMaxLength(16);
        builder.Property(r => r.FlaggedTownships).HasDefaultValue(0L);
        builder.Property(r => r.Duplicates).HasDefaultValue(0L);
        builder.Property(r => r.NewbornsMerged).HasDefaultValue(0L);
        // The same file twice: the second import waits for the first, then finds it.
        builder.HasIndex(r => new { r.Kind, r.FileHash }).IsUnique();
    }
}

internal sealed class ImportErrorConfiguration : IEntityTypeConfiguration<ImportError>
{
    public void Configure(EntityTypeBuilder<ImportError> builder)
    {
        builder.ToTable("import_errors");
        builder.HasKey(e => new { e.ImportId, e.Line, e.Field });
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(e => e.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Field).HasMaxLength(32);
    }
}

internal sealed class ImportAffectedConfiguration : IEntityTypeConfiguration<ImportAffected>
{
    public void Configure(EntityTypeBuilder<ImportAffected> builder)
    {
        // A plain heap, no key: a million rows go in with a merge and out once their files are recomputed.
        builder.ToTable("import_affected");
        builder.HasNoKey();
        builder.HasIndex(e => e.ImportId);
    }
}

internal sealed class YearEndRunConfiguration : IEntityTypeConfiguration<YearEndRun>
{
    public void Configure(EntityTypeBuilder<YearEndRun> builder)
    {
        builder.ToTable("year_end_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.Property(r => r.StartedBy).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion(RunStatuses.Converter).HasMaxLength(16);
    }
}

internal sealed class RecomputeRunConfiguration : IEntityTypeConfiguration<RecomputeRun>
{
    public void Configure(EntityTypeBuilder<RecomputeRun> builder)
    {
        builder.ToTable("recompute_runs", t => t.HasCheckConstraint("ck_recompute_runs_status", RunStatuses.Check(RunStatus.Running, RunStatus.Done, RunStatus.Superseded)));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.Property(r => r.Stamp).HasConversion(ResultsStamp.Converter).HasMaxLength(200);
        builder.Property(r => r.StartedBy).HasMaxLength(64);
        builder.Property(r => r.Status).HasConversion(RunStatuses.Converter).HasMaxLength(16);
    }
}
