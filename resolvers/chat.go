package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Chat(ctx context.Context, question string) (*model.ChatAnswer, error) {
	return r.Resolver.Chat.Ask(ctx, question), nil
}
