using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class SmsTemplateConfiguration : IEntityTypeConfiguration<SmsTemplate>
{
    public void Configure(EntityTypeBuilder<SmsTemplate> builder)
    {
        builder.ToTable("sms_templates");
        builder.HasKey(t => t.RegionCode);
        builder.Property(t => t.RegionCode).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Region>().WithMany().HasForeignKey(t => t.RegionCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.Text).HasMaxLength(SmsTemplates.MaxLength);
        builder.Property(t => t.UpdatedBy).HasMaxLength(64);
    }
}
