using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class NewbornFileConfiguration : IEntityTypeConfiguration<NewbornFile>
{
    public void Configure(EntityTypeBuilder<NewbornFile> builder)
    {
        builder.ToTable("newborn_files", t =>
        {
            t.HasCheckConstraint("ck_newborn_files_certificate", "certificate_number ~ '^[A-Z][0-9]{9}$'");
            t.HasCheckConstraint("ck_newborn_files_mother", "mother_id_number ~ '^[0-9]{17}[0-9X]$'");
            t.HasCheckConstraint("ck_newborn_files_township", "township is null or left(township, 6) = county");
            t.HasCheckConstraint("ck_newborn_files_merged", "(person_id is null) = (merged_at is null)");
        });
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).UseIdentityByDefaultColumn();
        builder.Property(n => n.CertificateNumber).HasMaxLength(10);
        builder.HasIndex(n => n.CertificateNumber).IsUnique();
        builder.Property(n => n.Name).HasMaxLength(50);
        builder.Property(n => n.MotherIdNumber).HasMaxLength(18).IsFixedLength();
        builder.Property(n => n.County).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Region>().WithMany().HasForeignKey(n => n.County).OnDelete(DeleteBehavior.Restrict);
        builder.Property(n => n.Township).HasMaxLength(9).IsFixedLength();
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(n => n.ImportId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(n => n.MergedByImportId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(n => n.CreatedAt).HasDefaultValueSql("now()");
        // One file per person: a person takes at most one newborn file.
        builder.HasOne<Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(n => n.PersonId).IsUnique();
        // The merge's second rule looks the open files up by mother and birth date; the list walks a county's open files.
        builder.HasIndex(n => new { n.MotherIdNumber, n.BirthDate }).HasFilter("person_id is null").HasDatabaseName("ix_newborn_files_open_mother");
        builder.HasIndex(n => new { n.County, n.BirthDate }).HasFilter("person_id is null").HasDatabaseName("ix_newborn_files_open_county");
    }
}
