package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Me(ctx context.Context) (*model.Viewer, error) {
	v, _ := request(ctx)
	return &model.Viewer{
		UserID:      v.UserID,
		Name:        v.Name,
		TenantID:    v.TenantID,
		Roles:       v.Roles,
		Permissions: v.Permissions,
		Timezone:    v.Timezone,
		Currency:    v.Currency,
	}, nil
}
