using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Registering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class RepairPaymentConfiguration : IEntityTypeConfiguration<RepairPayment>
{
    public void Configure(EntityTypeBuilder<RepairPayment> builder)
    {
        builder.ToTable("repair_payments", t => t.HasCheckConstraint("ck_repair_payments_years", "years > 0"));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityByDefaultColumn();
        builder.Property(r => r.Amount).HasPrecision(12, 2);
        builder.HasIndex(r => r.RegistrationId).IsUnique();
        builder.HasIndex(r => r.PersonId);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Registration>().WithMany().HasForeignKey(r => r.RegistrationId).OnDelete(DeleteBehavior.Restrict);
    }
}
