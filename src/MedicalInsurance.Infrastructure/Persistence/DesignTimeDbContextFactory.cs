using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>Lets dotnet-ef build the model without a running host; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MedicalInsuranceDbContext>
{
    public MedicalInsuranceDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<MedicalInsuranceDbContext>();
        builder.UseMedicalInsuranceDatabase("Host=localhost;Database=design_time");
        return new MedicalInsuranceDbContext(builder.Options);
    }
}
