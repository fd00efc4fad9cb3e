using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("persons", t => t.HasCheckConstraint("ck_persons_id_number", "id_number ~ '^[0-9]{17}[0-9X]$'"));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).UseIdentityByDefaultColumn();
        builder.Property(p => p.IdNumber).HasMaxLength(18).IsFixedLength();
        builder.HasIndex(p => p.IdNumber).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(8);
        builder.Property(p => p.HouseholdCounty).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Region>().WithMany().HasForeignKey(p => p.HouseholdCounty).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.HouseholdCounty, p.Name, p.BirthDate });
        // The review queue: the few files of a county an import created for review, without reading the county's others.
        builder.HasIndex(p => p.HouseholdCounty, "ix_persons_needs_review").HasFilter("needs_review");
        builder.Property(p => p.Phone).HasMaxLength(32);
        builder.Property(p => p.Notes).HasMaxLength(2000);
        builder.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        builder.HasMany(p => p.Coverages).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Claims).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
