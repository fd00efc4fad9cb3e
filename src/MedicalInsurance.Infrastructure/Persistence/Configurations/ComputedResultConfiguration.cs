using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class ComputedResultConfiguration : IEntityTypeConfiguration<ComputedResult>
{
    public void Configure(EntityTypeBuilder<ComputedResult> builder)
    {
        builder.ToTable("computed_results");
        builder.HasKey(c => new { c.PersonId, c.Year });
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.HouseholdCounty).HasMaxLength(6).IsFixedLength();
        builder.HasIndex(c => new { c.HouseholdCounty, c.Year });
        // The collection-period call list: a county's residents not (yet) paid for a year, in person order
        // (at 1 M persons: count 0.93 → 0.21 s, a page 0.47 → 0.10 s).
        builder.HasIndex(c => new { c.HouseholdCounty, c.Year, c.PersonId }).HasFilter("not resident_insured").HasDatabaseName("ix_computed_results_unpaid");
        builder.Property(c => c.CapOriginal).HasPrecision(12, 2);
        builder.Property(c => c.CapIncrease).HasPrecision(12, 2);
        builder.Property(c => c.CapDecrease).HasPrecision(12, 2);
        builder.Property(c => c.CapEffective).HasPrecision(12, 2);
        builder.Property(c => c.WaitingReason).HasMaxLength(16);
        builder.Property(c => c.IfSkipDecrease).HasPrecision(12, 2);
    }
}
