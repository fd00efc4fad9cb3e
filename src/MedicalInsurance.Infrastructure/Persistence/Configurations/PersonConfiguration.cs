using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("persons", t =>
        {
            t.HasCheckConstraint("ck_persons_id_number", "id_number ~ '^[0-9]{17}[0-9X]$'");
            t.HasCheckConstraint("ck_persons_household_township", "household_township is null or left(household_township, 6) = household_county");
            t.HasCheckConstraint("ck_persons_residence_township", "residence_township is null or left(residence_township, 6) = coalesce(residence_county, household_county)");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).UseIdentityByDefaultColumn();
        builder.Property(p => p.IdNumber).HasMaxLength(18).IsFixedLength();
        builder.HasIndex(p => p.IdNumber).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(8);
        builder.Property(p => p.HouseholdCounty).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Region>().WithMany().HasForeignKey(p => p.HouseholdCounty).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.HouseholdCounty, p.Name, p.BirthDate });
        // No foreign keys to townships and regions here: each would bring an index of its own (EF Core indexes every
        // foreign key) and a per-row check to every population import, and these columns have one writer, the
        // population merge, which stores every township it names first (flagged when not in the shipped list) and takes
        // counties from the division list. The checks above keep a township inside its county.
        builder.Property(p => p.HouseholdTownship).HasMaxLength(9).IsFixedLength();
        builder.Property(p => p.HouseholdNumber).HasMaxLength(32);
        builder.Property(p => p.ResidenceCounty).HasMaxLength(6).IsFixedLength();
        builder.Property(p => p.ResidenceTownship).HasMaxLength(9).IsFixedLength();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16).HasDefaultValue(PersonStatus.Present);
        // Stored, so the list by residence has a plain index to walk in township and household order.
        builder.Property(p => p.LivesInCounty).HasMaxLength(6).IsFixedLength().HasComputedColumnSql("coalesce(residence_county, household_county)", stored: true);
        builder.Property(p => p.LivesInTownship).HasMaxLength(9).IsFixedLength()
            .HasComputedColumnSql("case when residence_county is null then household_township else residence_township end", stored: true);
        // A household's members (户号 within the registered county).
        builder.HasIndex(p => new { p.HouseholdCounty, p.HouseholdNumber }).HasDatabaseName("ix_persons_household");
        // The lists of the uninsured walk these in township, household and person order, alive and present only.
        builder.HasIndex(p => new { p.HouseholdCounty, p.HouseholdTownship, p.HouseholdNumber, p.Id }).HasFilter("status = 'Present'").HasDatabaseName("ix_persons_registered_list");
        builder.HasIndex(p => new { p.LivesInCounty, p.LivesInTownship, p.HouseholdNumber, p.Id }).HasFilter("status = 'Present'").HasDatabaseName("ix_persons_residence_list");
        // The dashboards' resident population also counts those who died or moved out during a year: few, so a small index
        // beside the list's (which holds the present only) keeps that count from reading every person.
        builder.HasIndex(p => p.LivesInCounty).HasFilter("status <> 'Present'").HasDatabaseName("ix_persons_lives_in_ended");
        // The review queue: the few files of a county an import created for review, without reading the county's others.
        builder.HasIndex(p => p.HouseholdCounty, "ix_persons_needs_review").HasFilter("needs_review");
        builder.Property(p => p.Phone).HasMaxLength(32);
        builder.Property(p => p.Notes).HasMaxLength(2000);
        builder.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        builder.HasMany(p => p.Coverages).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Claims).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
