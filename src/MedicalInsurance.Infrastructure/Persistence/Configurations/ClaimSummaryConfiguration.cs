using MedicalInsurance.Infrastructure.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class ClaimSummaryConfiguration : IEntityTypeConfiguration<ClaimSummary>
{
    public void Configure(EntityTypeBuilder<ClaimSummary> builder)
    {
        builder.ToTable("claim_summaries", t => t.HasCheckConstraint("ck_claim_summaries_amounts", "catastrophic_paid >= 0 and catastrophic_paid <= fund_reimbursed"));
        builder.HasKey(c => new { c.PersonId, c.Year });
        builder.Property(c => c.FundReimbursed).HasPrecision(12, 2);
        builder.Property(c => c.CatastrophicPaid).HasPrecision(12, 2);
        builder.Property(c => c.UpdatedAt).HasDefaultValueSql("now()");
    }
}
