using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(64);
        builder.Property(u => u.ScopeCode).HasMaxLength(6).IsFixedLength();
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).UseIdentityByDefaultColumn();
        builder.Property(k => k.Name).HasMaxLength(64);
        builder.Property(k => k.KeyHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.Property(k => k.Role).HasMaxLength(32);
        builder.Property(k => k.ScopeCode).HasMaxLength(6).IsFixedLength();
        builder.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
    }
}
