using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persistence;

public sealed class MedicalInsuranceDbContext(DbContextOptions<MedicalInsuranceDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MedicalInsuranceDbContext).Assembly);
    }
}
